//! Arabic calendar names: formatting dates for pages and parsing them on import.
//!
//! The reference site writes `الأربعاء, يناير 8, 2025`: weekday, comma, month, day,
//! comma, year, Western digits. Egypt and the Gulf use the Egyptian month set
//! (يناير…ديسمبر); the Levant and Iraq the Syriac set (كانون الثاني…كانون الأول);
//! Algeria and Tunisia the French-derived set (جانفي…ديسمبر); Morocco its own (يناير،
//! ماي، يوليوز، غشت…دجنبر). The formatter writes any, with Western or Arabic-Indic
//! digits, and the Umm al-Qura Hijri date on request; the parser reads them all.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::text::{collapse_spaces, fold_arabic};

/// The label in front of an article's last-updated date, exactly as the reference writes it.
pub const LAST_UPDATED_LABEL: &str = "التحديث الاخير بتاريخ";

/// Which set of Arabic month names a site prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MonthNames {
    #[default]
    Egyptian,
    Levantine,
    Maghreb,
    Moroccan,
}

/// Which digits a site writes numbers in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    #[default]
    Western,
    ArabicIndic,
}

/// `n` in `digits`: 2025 or ٢٠٢٥.
pub fn number(n: i64, digits: Digits) -> String {
    match digits {
        Digits::Western => n.to_string(),
        Digits::ArabicIndic => digits_from('٠', n),
    }
}

/// `n` written with the ten digits that start at `zero` (٠ Arabic-Indic, ۰ Persian).
pub fn digits_from(zero: char, n: i64) -> String {
    text_in_digits(zero, &n.to_string())
}

/// `text` with its Western digits written with the ten that start at `zero`:
/// `14:05` as `۱۴:۰۵`.
pub fn text_in_digits(zero: char, text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(zero as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

const EGYPTIAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

const LEVANTINE_MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

const MAGHREB_MONTHS: [&str; 12] = [
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

const MOROCCAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
];

const HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// Spellings seen in the wild that folding alone does not unify (indexes are months 1–12).
const EXTRA_MONTH_SPELLINGS: [(&str, i8); 6] = [
    ("ابريل", 4),
    ("إبريل", 4),
    ("يونية", 6),
    ("يولية", 7),
    ("اغسطس", 8),
    ("اكتوبر", 10),
];

/// Weekday names from Monday, the order of `Weekday::to_monday_zero_offset`.
const WEEKDAYS: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];

pub fn weekday_name(w: Weekday) -> &'static str {
    WEEKDAYS[w.to_monday_zero_offset() as usize]
}

pub fn month_name(month: i8, names: MonthNames) -> &'static str {
    let table = match names {
        MonthNames::Egyptian => &EGYPTIAN_MONTHS,
        MonthNames::Levantine => &LEVANTINE_MONTHS,
        MonthNames::Maghreb => &MAGHREB_MONTHS,
        MonthNames::Moroccan => &MOROCCAN_MONTHS,
    };
    table[(month.clamp(1, 12) - 1) as usize]
}

/// `الأربعاء, يناير 8, 2025`
pub fn format_date(date: Date, names: MonthNames) -> String {
    format_date_in(date, names, Digits::Western)
}

/// `الأربعاء, يناير 8, 2025` or `الأربعاء, يناير ٨, ٢٠٢٥`
pub fn format_date_in(date: Date, names: MonthNames, digits: Digits) -> String {
    format!(
        "{}, {} {}, {}",
        weekday_name(date.weekday()),
        month_name(date.month(), names),
        number(date.day().into(), digits),
        number(date.year().into(), digits)
    )
}

/// The Umm al-Qura (Saudi) Hijri date of a Gregorian one: `8 رجب 1446 هـ`.
pub fn format_hijri(date: Date, digits: Digits) -> String {
    let (year, month, day) = crate::calendars::umm_al_qura(date);
    format!(
        "{} {} {} هـ",
        number(day.into(), digits),
        HIJRI_MONTHS[usize::from(month.clamp(1, 12) - 1)],
        number(year.into(), digits)
    )
}

/// The local calendar date of a stored UTC timestamp in the site's time zone.
pub fn local_date(ts: Timestamp, tz: &TimeZone) -> Date {
    ts.to_zoned_datetime(tz.clone()).date()
}

/// `التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025`, computed from a stored timestamp.
pub fn last_updated_line(ts: Timestamp, tz: &TimeZone, names: MonthNames) -> String {
    format!(
        "{LAST_UPDATED_LABEL}|{}",
        format_date(local_date(ts, tz), names)
    )
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected «weekday, month day, year», e.g. «الأربعاء, يناير 8, 2025»; got «{0}»")]
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

fn parse_number(s: &str) -> Option<i64> {
    let digits = fold_arabic(s);
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn find_weekday(word: &str) -> Option<Weekday> {
    let folded = fold_arabic(word);
    (0..7).find_map(|i| {
        (fold_arabic(WEEKDAYS[i]) == folded)
            .then(|| Weekday::from_monday_zero_offset(i as i8).ok())
            .flatten()
    })
}

fn find_month(word: &str) -> Option<i8> {
    let folded = fold_arabic(word);
    let tables = EGYPTIAN_MONTHS
        .iter()
        .chain(LEVANTINE_MONTHS.iter())
        .chain(MAGHREB_MONTHS.iter())
        .chain(MOROCCAN_MONTHS.iter());
    tables
        .enumerate()
        .find(|(_, name)| fold_arabic(name) == folded)
        .map(|(i, _)| (i % 12) as i8 + 1)
        .or_else(|| {
            EXTRA_MONTH_SPELLINGS
                .iter()
                .find(|(name, _)| fold_arabic(name) == folded)
                .map(|&(_, m)| m)
        })
}

/// Parses `الأربعاء, يناير 8, 2025` (Arabic or Latin commas, either month set,
/// Arabic-Indic digits) and checks that the weekday matches the date.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let shape = || DateError::Shape(s.trim().to_string());
    let cleaned = collapse_spaces(&s.replace('،', ","));
    let mut parts = cleaned.split(',').map(str::trim);
    let (Some(weekday), Some(month_day), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(shape());
    };
    let (month_word, day) = month_day.rsplit_once(' ').ok_or_else(shape)?;
    let written = find_weekday(weekday).ok_or_else(|| DateError::UnknownWeekday(weekday.into()))?;
    let month =
        find_month(month_word.trim()).ok_or_else(|| DateError::UnknownMonth(month_word.into()))?;
    let day = parse_number(day).ok_or_else(shape)?;
    let year = parse_number(year).ok_or_else(shape)?;
    let (Ok(year), Ok(day)) = (i16::try_from(year), i8::try_from(day)) else {
        return Err(DateError::Invalid(cleaned));
    };
    let date = Date::new(year, month, day).map_err(|_| DateError::Invalid(cleaned.clone()))?;
    if date.weekday() != written {
        return Err(DateError::WeekdayMismatch {
            date: format_date(date, MonthNames::Egyptian),
            written: weekday.to_string(),
            actual: weekday_name(date.weekday()),
        });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn formats_like_the_reference() {
        assert_eq!(
            format_date(date(2025, 1, 8), MonthNames::Egyptian),
            "الأربعاء, يناير 8, 2025"
        );
        assert_eq!(
            format_date(date(2025, 1, 8), MonthNames::Levantine),
            "الأربعاء, كانون الثاني 8, 2025"
        );
    }

    #[test]
    fn every_weekday_and_month_has_a_name() {
        // 2024-01-01 is a Monday; walk a whole leap year.
        let mut d = date(2024, 1, 1);
        for _ in 0..366 {
            let text = format_date(d, MonthNames::Levantine);
            assert_eq!(parse_date(&text), Ok(d), "{text}");
            for names in [
                MonthNames::Egyptian,
                MonthNames::Maghreb,
                MonthNames::Moroccan,
            ] {
                for digits in [Digits::Western, Digits::ArabicIndic] {
                    let text = format_date_in(d, names, digits);
                    assert_eq!(parse_date(&text), Ok(d), "{text}");
                }
            }
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn last_updated_line_uses_the_site_time_zone() {
        // 22:30 UTC on Tuesday 7 January is already Wednesday 8 January in Baghdad.
        let ts: Timestamp = "2025-01-07T22:30:00Z".parse().unwrap();
        let baghdad = TimeZone::get("Asia/Baghdad").unwrap();
        assert_eq!(
            last_updated_line(ts, &baghdad, MonthNames::Egyptian),
            "التحديث الاخير بتاريخ|الأربعاء, يناير 8, 2025"
        );
        assert_eq!(
            last_updated_line(ts, &TimeZone::UTC, MonthNames::Egyptian),
            "التحديث الاخير بتاريخ|الثلاثاء, يناير 7, 2025"
        );
    }

    #[test]
    fn parses_variants() {
        let d = date(2025, 1, 8);
        assert_eq!(parse_date("الاربعاء، يناير ٨، ٢٠٢٥"), Ok(d));
        assert_eq!(parse_date("  الأربعاء ,  كانون  الثاني 8 , 2025 "), Ok(d));
        assert_eq!(parse_date("الخميس, ابريل 3, 2025"), Ok(date(2025, 4, 3)));
        assert_eq!(
            parse_date("الإثنين, تشرين الأول 6, 2025"),
            Ok(date(2025, 10, 6))
        );
    }

    #[test]
    fn maghreb_and_moroccan_months_and_arabic_indic_digits() {
        let d = date(2025, 8, 13);
        assert_eq!(format_date(d, MonthNames::Maghreb), "الأربعاء, أوت 13, 2025");
        assert_eq!(
            format_date(d, MonthNames::Moroccan),
            "الأربعاء, غشت 13, 2025"
        );
        assert_eq!(
            format_date_in(date(2025, 1, 8), MonthNames::Egyptian, Digits::ArabicIndic),
            "الأربعاء, يناير ٨, ٢٠٢٥"
        );
        assert_eq!(parse_date("الخميس, جويلية 3, 2025"), Ok(date(2025, 7, 3)));
        assert_eq!(
            parse_date("الثلاثاء, دجنبر 30, 2025"),
            Ok(date(2025, 12, 30))
        );
    }

    #[test]
    fn the_hijri_date_beside_the_gregorian() {
        assert_eq!(
            format_hijri(date(2025, 1, 8), Digits::Western),
            "8 رجب 1446 هـ"
        );
        assert_eq!(
            format_hijri(date(2025, 1, 8), Digits::ArabicIndic),
            "٨ رجب ١٤٤٦ هـ"
        );
        // 1 Ramadan 1446 was Saturday 1 March 2025 in Umm al-Qura.
        assert_eq!(
            format_hijri(date(2025, 3, 1), Digits::Western),
            "1 رمضان 1446 هـ"
        );
    }

    #[test]
    fn rejects_a_weekday_that_does_not_match() {
        let err = parse_date("الخميس, يناير 8, 2025").unwrap_err();
        assert!(matches!(err, DateError::WeekdayMismatch { .. }), "{err}");
        assert!(err.to_string().contains("الأربعاء"), "{err}");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "الأربعاء",
            "الأربعاء, يناير, 2025",
            "الأربعاء, يناير 32, 2025",
            "الأربعاء, فلان 8, 2025",
            "يوم, يناير 8, 2025",
            "الأربعاء, يناير 8, 99999999999",
            "الأربعاء, يناير 8, 2025, 3",
            "الأربعاء, يناير -8, 2025",
        ] {
            assert!(parse_date(bad).is_err(), "accepted «{bad}»");
        }
    }
}
