//! "Test Connection" in Entra's provisioning settings: a query for a user whose `userName` is a
//! random GUID, which must answer 200 with an empty ListResponse (docs/entra.md).

use super::accept;
use super::bodies;
use super::headers::labeled;
use super::script::{Act, Script};
use crate::idp::flow::Flow;
use crate::protocol::var_str;

pub fn test_connection() -> Box<dyn Flow> {
    Box::new(Script::new(vec![Act::new(
        |vars| {
            let tag = var_str(vars, "run.tag").unwrap_or_default();
            let filter = format!(
                "userName eq \"{}\"",
                bodies::guid(&format!("test connection {tag}"))
            );
            Ok(Some(labeled(
                "query a random userName",
                "GET",
                "/Users",
                &[("filter", &filter)],
                None,
            )))
        },
        |r, _| Ok(accept::nothing_found(r)?),
    )]))
}
