//! A step's `scim1.1:` block and the `${scim.*}` built-ins are checked at load time like the
//! rest of the step; a fixture's `NAME.scim1.1.json` variant is read with it.

use crate::{assert_at, cases, errors_of};

#[test]
fn a_dialect_block_is_checked_where_it_is_written() {
    let errors = errors_of("dialect_variant.yaml");
    let file = cases().join("errors/dialect_variant.yaml");
    assert_eq!(errors.len(), 3, "{}", errors.render());
    assert_at(
        &errors.errors()[0],
        &file,
        8,
        15,
        &["does not start with `/`"],
    );
    assert_at(
        &errors.errors()[1],
        &file,
        10,
        19,
        &["`${scim.mediaTyp}` is not a built-in variable; did you mean `${scim.mediaType}`?"],
    );
    assert_at(&errors.errors()[2], &file, 11, 26, &["2000"]);
}
