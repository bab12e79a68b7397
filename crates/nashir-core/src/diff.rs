//! Line differences between two texts, for comparing revisions.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// Longest-common-subsequence line diff: how to turn `old` into `new`, line by line.
pub fn diff_lines<'a>(old: &'a str, new: &'a str) -> Vec<(Change, &'a str)> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: common lines of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push((Change::Same, a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push((Change::Added, b[j]));
            j += 1;
        } else {
            out.push((Change::Removed, a[i]));
            i += 1;
        }
    }
    out
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
                (Change::Added, "د"),
                (Change::Removed, "ب"),
                (Change::Same, "ج"),
                (Change::Added, "هـ"),
            ]
        );
        assert!(diff_lines("", "").is_empty());
        assert_eq!(diff_lines("x", ""), [(Change::Removed, "x")]);
    }
}
