//! Line differences between two texts, for comparing revisions.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// Past this, a diff settles for a longer answer rather than keep a core busy.
const TIME_LIMIT: Duration = Duration::from_millis(500);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// How to turn `old` into `new`, line by line (Myers' diff, from `similar`: time
/// and memory grow with the size of the change, not with the texts' product).
pub fn diff_lines<'a>(old: &'a str, new: &'a str) -> Vec<(Change, &'a str)> {
    // Lines without their ends, so a last line with and without one are the same.
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let diff = TextDiff::configure()
        .timeout(TIME_LIMIT)
        .diff_slices(&old, &new);
    diff.iter_all_changes()
        .map(|c| {
            let change = match c.tag() {
                ChangeTag::Equal => Change::Same,
                ChangeTag::Delete => Change::Removed,
                ChangeTag::Insert => Change::Added,
            };
            (change, c.value())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_changed_lines() {
        let d = diff_lines("أ\nب\nج", "أ\nد\nج\nهـ");
        assert_eq!(
            d,
            [
                (Change::Same, "أ"),
                (Change::Removed, "ب"),
                (Change::Added, "د"),
                (Change::Same, "ج"),
                (Change::Added, "هـ"),
            ]
        );
        assert!(diff_lines("", "").is_empty());
        assert_eq!(diff_lines("x", ""), [(Change::Removed, "x")]);
    }

    #[test]
    fn long_revisions_diff_in_bounded_memory() {
        // 40,000 lines each: an O(n·m) table would be 6 GB.
        let old: String = (0..40_000).map(|i| format!("سطر {i}\n")).collect();
        let new = old.replace("سطر 20000\n", "سطر معدّل\n");
        let d = diff_lines(&old, &new);
        let changed: Vec<_> = d.iter().filter(|(c, _)| *c != Change::Same).collect();
        assert_eq!(
            changed,
            [
                &(Change::Removed, "سطر 20000"),
                &(Change::Added, "سطر معدّل")
            ]
        );
    }
}
