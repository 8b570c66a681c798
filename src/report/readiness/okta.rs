//! Okta's gate for the Okta Integration Network: the "Okta SCIM 2.0 SPEC Test" (its current
//! twelve tests, and the six discovery tests and the bare-filter case check of its 2016 edition,
//! all optional), the "Okta SCIM 2.0 CRUD Test" (thirteen steps, of which eight are calls to
//! Okta's management API that send nothing to the SCIM server: the SCIM requests they cause are
//! checked by the steps of `okta::flows::crud_lifecycle`, and by nothing else: under a profile
//! with `unassign: delete` the focused `okta::flows::unassign` passes on a 404, which the CRUD
//! test's step 8 fails), and the provisioning flows an OIN
//! submission is tested with by hand. Names as in `../shared/reference/okta-scim-behaviour.md`
//! §2.1–2.3 (from Okta's Runscope exports).

use super::{Catalogue, CatalogueTest, Covered, Part};

const SPEC: &str = "SPEC test";
const SPEC_2016: &str = "SPEC test (2016 edition)";
const CRUD: &str = "CRUD test";
const FLOWS: &str = "Provisioning flows";

const CRUD_SCENARIO: &str = "okta::flows::crud_lifecycle";
const OKTA_SIDE: &str = "a call to Okta's management API: it sends nothing to the SCIM server";

const fn spec(name: &'static str, required: bool, parts: &'static [Part]) -> CatalogueTest {
    CatalogueTest::by(SPEC, name, required, parts)
}

use CatalogueTest as T;

const fn crud(name: &'static str, parts: &'static [Part]) -> CatalogueTest {
    T::by(CRUD, name, true, parts)
}

const fn okta_side(name: &'static str) -> CatalogueTest {
    CatalogueTest {
        suite: CRUD,
        name,
        required: true,
        covered_by: Covered::Elsewhere(OKTA_SIDE),
    }
}

const fn crud_step(number: usize, name: &'static str) -> Part {
    Part::Step {
        scenario: CRUD_SCENARIO,
        number,
        name,
    }
}

const ASSIGN: Part = crud_step(1, "okta: assign kate");
const UPDATE: Part = crud_step(2, "okta: update kate");
const UPDATED: Part = crud_step(3, "the new givenName is stored, the rest of the name kept");
const DEACTIVATE: Part = crud_step(4, "okta: unassign kate");
const REACTIVATE: Part = crud_step(5, "okta: reactivate kate");
const REACTIVATED: Part = crud_step(6, "reactivated");
const UNASSIGN: Part = crud_step(7, "okta: unassign kate");

use Part::Scenario as S;

pub const CATALOGUE: Catalogue = Catalogue {
    idp: "okta",
    title: "Okta Integration Network (OIN)",
    tests: &[
        spec(
            "Test Users endpoint",
            true,
            &[S("okta::spec::01_users_endpoint")],
        ),
        spec(
            "Get Users/{{id}}",
            true,
            &[S("okta::spec::02_get_user_by_id")],
        ),
        spec(
            "Test invalid User by username",
            true,
            &[S("okta::spec::03_invalid_user_by_username")],
        ),
        spec(
            "Test invalid User by ID",
            true,
            &[S("okta::spec::04_invalid_user_by_id")],
        ),
        spec(
            "Make sure random user doesn't exist",
            true,
            &[S("okta::spec::05_random_user_does_not_exist")],
        ),
        spec(
            "Create Okta user with realistic values",
            true,
            &[S("okta::spec::06_create_user")],
        ),
        spec(
            "Verify that user was created",
            true,
            &[S("okta::spec::07_verify_user_created")],
        ),
        spec(
            "Expect failure when recreating user with same values",
            true,
            &[S("okta::spec::08_recreate_user_conflict")],
        ),
        spec(
            "Username Case Sensitivity Check",
            true,
            &[S("okta::spec::09_username_case_sensitivity")],
        ),
        spec(
            "Optional Test: Verify Groups endpoint",
            false,
            &[S("okta::spec::10_groups_endpoint")],
        ),
        spec("Check status 401", true, &[S("okta::spec::11_status_401")]),
        spec("Check status 404", true, &[S("okta::spec::12_status_404")]),
        T::by(
            SPEC_2016,
            "Optional Test: Test ServiceProviderConfig endpoint",
            false,
            &[S("okta::spec::discovery::01_service_provider_config")],
        ),
        T::by(
            SPEC_2016,
            "Optional Test: Check if ServiceProviderConfig is read-only",
            false,
            &[S(
                "okta::spec::discovery::02_service_provider_config_read_only",
            )],
        ),
        T::by(
            SPEC_2016,
            "Optional Test: Check ResourceTypes endpoint",
            false,
            &[S("okta::spec::discovery::03_resource_types")],
        ),
        T::by(
            SPEC_2016,
            "Optional Test: Check if ResourceTypes is read-only",
            false,
            &[S("okta::spec::discovery::04_resource_types_read_only")],
        ),
        T::by(
            SPEC_2016,
            "Optional Test: Check Schemas endpoint",
            false,
            &[S("okta::spec::discovery::05_schemas")],
        ),
        T::by(
            SPEC_2016,
            "Optional Test: Check if Schemas is read-only",
            false,
            &[S("okta::spec::discovery::06_schemas_read_only")],
        ),
        T::by(
            SPEC_2016,
            "Username Case Sensitivity Check (a bare filter, 400)",
            false,
            &[S("okta::spec::09_username_case_sensitivity_2016")],
        ),
        okta_side("1. Check that the app instance exists"),
        okta_side("2. Add a random user to Okta"),
        crud("3. Assign the user to the app", &[ASSIGN]),
        crud(
            "4. The user is on the SCIM server with Okta's values",
            &[ASSIGN],
        ),
        crud("5. Update firstName in Okta", &[UPDATE]),
        crud("6. The SCIM user has the new givenName", &[UPDATED]),
        crud("7. Deactivate the user in Okta", &[DEACTIVATE]),
        crud(
            "8. The deactivated user is readable, with active false",
            &[DEACTIVATE],
        ),
        crud("9. Reactivate the user in Okta", &[REACTIVATE]),
        crud("10. Re-assign the user to the app", &[REACTIVATE]),
        crud("11. The SCIM user is active again", &[REACTIVATED]),
        crud("12. Remove the user's assignment", &[UNASSIGN]),
        crud(
            "13. The unassigned user is readable, with active false",
            &[UNASSIGN],
        ),
        T::by(
            FLOWS,
            "Test API Credentials",
            true,
            &[S("okta::flows::test_credentials")],
        ),
        T::by(
            FLOWS,
            "Wrong credentials are refused",
            true,
            &[S("okta::flows::bad_credentials")],
        ),
        T::by(
            FLOWS,
            "Push new users",
            true,
            &[S("okta::flows::assign_new_user")],
        ),
        T::by(
            FLOWS,
            "Push a user whose email already exists",
            true,
            &[S("okta::flows::push_existing_email")],
        ),
        T::by(
            FLOWS,
            "Push profile updates",
            true,
            &[S("okta::flows::rename")],
        ),
        T::by(
            FLOWS,
            "Push a username change",
            true,
            &[S("okta::flows::rename_username")],
        ),
        T::by(
            FLOWS,
            "Push user deactivation",
            true,
            &[S("okta::flows::unassign")],
        ),
        T::by(
            FLOWS,
            "Reactivate users",
            true,
            &[S("okta::flows::reassign")],
        ),
        T::by(
            FLOWS,
            "Import users",
            true,
            &[S("okta::flows::import_users")],
        ),
        T::by(
            FLOWS,
            "Import groups",
            false,
            &[S("okta::flows::import_groups")],
        ),
        T::by(
            FLOWS,
            "Push groups and their members",
            false,
            &[
                S("okta::flows::group_push"),
                S("okta::flows::group_push_empty"),
                S("okta::flows::group_push_emptied"),
            ],
        ),
    ],
};
