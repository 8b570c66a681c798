//! The view model's small pieces: diff classes, body cutting, durations.

use super::*;

#[test]
fn diff_lines_are_classified() {
    let line = |tag, text: &str| crate::protocol::DiffLine {
        tag,
        text: text.into(),
    };
    let diff = JsonDiff {
        lines: vec![
            line(DiffTag::Header, "--- expected"),
            line(DiffTag::Header, "+++ actual"),
            line(DiffTag::Hunk, "@@ -1 +1 @@"),
            line(DiffTag::Equal, "{"),
            line(DiffTag::Delete, "  a"),
            line(DiffTag::Insert, "  b"),
            // A note that reads like a removed line is still a note.
            line(DiffTag::Note, "-1 is not 2"),
        ],
    };
    let classes: Vec<&str> = diff_lines(&diff).iter().map(|l| l.class).collect();
    assert_eq!(
        classes,
        [
            "d-hdr", "d-hdr", "d-hunk", "d-ctx", "d-del", "d-ins", "d-ctx"
        ]
    );
}

#[test]
fn long_bodies_are_cut_on_a_character_boundary() {
    let body = "é".repeat(MAX_BODY_BYTES);
    let view = body_view(&body);
    assert!(view.text.len() <= MAX_BODY_BYTES && !view.json);
    assert!(view.truncated.unwrap().contains("of 40.0 KB"));
    assert!(body_view("{\"a\":1}").json);
}

#[test]
fn durations_read_naturally() {
    assert_eq!(duration(Duration::from_micros(420)), "0.4 ms");
    assert_eq!(duration(Duration::from_millis(850)), "850 ms");
    assert_eq!(duration(Duration::from_millis(2310)), "2.31 s");
    assert_eq!(duration(Duration::from_secs(185)), "3 min 05 s");
}
