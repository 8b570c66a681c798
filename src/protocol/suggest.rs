//! "Did you mean …?": the nearest known spelling for a mistyped key, variant, field or variable.
//!
//! Scenario files are written by hand, and the commonest load error is a typo (`staus`, `methd`,
//! `bodyFile`). Naming the intended word turns a lookup in the docs into a one-keystroke fix. The
//! distance is the optimal-string-alignment variant of Damerau–Levenshtein
//! (`strsim::osa_distance`, in characters: a swap of two neighbouring letters costs one edit, as
//! in `expcet`), computed case-insensitively so that `Status` finds `status` and `username` finds
//! `userName`.

/// The candidate closest to `word`, if one is close enough to be a plausible typo.
///
/// "Close enough" is at most one edit per three characters of the candidate (and at least one),
/// so that short words do not attract unrelated suggestions. Ties go to the earlier candidate,
/// which keeps the answer stable for a given list.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = strsim::osa_distance(&word_lower, &candidate.to_lowercase());
        let allowed = (candidate.chars().count() / 3).max(1);
        if distance > allowed {
            continue;
        }
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECT_KEYS: &[&str] = &["status", "headers", "body", "body_file", "mode"];

    use strsim::osa_distance;

    /// What `suggest` relies on from `strsim`: edits counted in characters, a swap of neighbours
    /// as one edit.
    #[test]
    fn distances() {
        assert_eq!(osa_distance("", ""), 0);
        assert_eq!(osa_distance("abc", ""), 3);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("staus", "status"), 1);
        assert_eq!(osa_distance("expcet", "expect"), 1);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
        assert_eq!(osa_distance("ünï", "uni"), 2);
    }

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            suggest("staus", EXPECT_KEYS.iter().copied()),
            Some("status")
        );
        assert_eq!(
            suggest("bodyFile", EXPECT_KEYS.iter().copied()),
            Some("body_file")
        );
        assert_eq!(
            suggest("Headers", EXPECT_KEYS.iter().copied()),
            Some("headers")
        );
        assert_eq!(suggest("mdoe", EXPECT_KEYS.iter().copied()), Some("mode"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(suggest("zzz", EXPECT_KEYS.iter().copied()), None);
        assert_eq!(suggest("timeout", EXPECT_KEYS.iter().copied()), None);
        assert_eq!(suggest("x", ["y"]), Some("y"));
        assert_eq!(suggest("anything", std::iter::empty()), None);
    }

    #[test]
    fn ties_go_to_the_earlier_candidate() {
        assert_eq!(suggest("bat", ["cat", "hat"]), Some("cat"));
        assert_eq!(suggest("bat", ["hat", "cat"]), Some("hat"));
    }

    #[test]
    fn never_suggests_the_word_itself() {
        assert_eq!(suggest("status", ["status"]), None);
    }
}
