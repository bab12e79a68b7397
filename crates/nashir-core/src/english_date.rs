//! English dates as the English edition writes them: `Wednesday, January 8, 2025`.

use jiff::civil::{Date, Weekday};

use crate::text::collapse_spaces;

/// The label of the English edition's "last updated" line.
pub const LAST_UPDATE_LABEL: &str = "Last update";

/// Weekday names from Monday (`Weekday::to_monday_zero_offset`).
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The weekday's English name.
pub fn english_weekday(w: Weekday) -> &'static str {
    WEEKDAYS[w.to_monday_zero_offset() as usize]
}

/// A month's English name (`1` is January).
pub fn english_month(month: i8) -> &'static str {
    MONTHS[usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0)]
}

/// `Wednesday, January 8, 2025`
pub fn format_english(date: Date) -> String {
    format!(
        "{}, {} {}, {}",
        english_weekday(date.weekday()),
        english_month(date.month()),
        date.day(),
        date.year()
    )
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnglishDateError {
    #[error("expected «weekday, month day, year», e.g. «Wednesday, January 8, 2025»; got «{0}»")]
    Shape(String),
    #[error("unknown weekday «{0}»")]
    UnknownWeekday(String),
    #[error("unknown month «{0}»")]
    UnknownMonth(String),
    #[error("not a date: {0}")]
    Invalid(String),
    #[error("{date} is a {actual}, not a {written}")]
    WeekdayMismatch {
        date: String,
        written: String,
        actual: &'static str,
    },
}

/// A full name or its first three letters (`Sept` too), in any case.
fn find_name(names: &[&str], word: &str) -> Option<usize> {
    let word = word.trim().trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    names.iter().position(|name| {
        let name = name.to_ascii_lowercase();
        name == word || (word.len() <= 4 && name.starts_with(&word))
    })
}

fn parse_number(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `Wednesday, January 8, 2025` (full or three-letter names, any case) and
/// checks that the weekday matches the date.
pub fn parse_english(s: &str) -> Result<Date, EnglishDateError> {
    let shape = || EnglishDateError::Shape(s.trim().to_string());
    let cleaned = collapse_spaces(s);
    let mut parts = cleaned.split(',').map(str::trim);
    let (Some(weekday), Some(month_day), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(shape());
    };
    let (month_word, day) = month_day.rsplit_once(' ').ok_or_else(shape)?;
    let written = find_name(&WEEKDAYS, weekday)
        .ok_or_else(|| EnglishDateError::UnknownWeekday(weekday.into()))?;
    let month = find_name(&MONTHS, month_word)
        .ok_or_else(|| EnglishDateError::UnknownMonth(month_word.into()))?;
    let day = parse_number(day).ok_or_else(shape)?;
    let year = parse_number(year).ok_or_else(shape)?;
    let (Ok(year), Ok(day)) = (i16::try_from(year), i8::try_from(day)) else {
        return Err(EnglishDateError::Invalid(cleaned));
    };
    let date = Date::new(year, month as i8 + 1, day)
        .map_err(|_| EnglishDateError::Invalid(cleaned.clone()))?;
    let actual = date.weekday().to_monday_zero_offset() as usize;
    if actual != written {
        return Err(EnglishDateError::WeekdayMismatch {
            date: format_english(date),
            written: weekday.to_string(),
            actual: WEEKDAYS[actual],
        });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn reads_and_writes_like_the_english_edition() {
        let d = date(2025, 1, 8);
        assert_eq!(format_english(d), "Wednesday, January 8, 2025");
        assert_eq!(parse_english("Wednesday, January 8, 2025"), Ok(d));
        assert_eq!(parse_english(" wed,  Jan 8 , 2025 "), Ok(d));
        assert_eq!(parse_english("Monday, Sept 1, 2025"), Ok(date(2025, 9, 1)));
    }

    #[test]
    fn checks_the_weekday_and_the_shape() {
        let e = parse_english("Thursday, January 8, 2025").unwrap_err();
        assert!(matches!(e, EnglishDateError::WeekdayMismatch { .. }), "{e}");
        assert!(e.to_string().contains("Wednesday"), "{e}");
        for bad in [
            "",
            "Wednesday",
            "Wednesday, January 8 2025",
            "Wednesday, January 40, 2025",
            "Wednesday, Janvier 8, 2025",
            "Wodnesday, January 8, 2025",
            "Wednesday, January 8, 20255555",
            "We, Ja 8, 2025",
        ] {
            assert!(parse_english(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_leap_year_of_days_goes_there_and_back() {
        let mut d = date(2024, 1, 1);
        for _ in 0..366 {
            assert_eq!(parse_english(&format_english(d)), Ok(d));
            d = d.tomorrow().unwrap();
        }
    }
}
