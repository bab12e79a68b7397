//! Persian dates: the Solar Hijri calendar with Persian month names and digits, as
//! the Persian edition writes them (`چهارشنبه ۱۹ دی ۱۴۰۳` for 2025-01-08), or the
//! Gregorian one in Persian on request (`چهارشنبه ۸ ژانویه ۲۰۲۵`).

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::arabic_date::digits_from;
use crate::calendars::{from_solar_hijri, solar_hijri};

/// Weekday names from Monday (`Weekday::to_monday_zero_offset`).
const WEEKDAYS: [&str; 7] = [
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
    "شنبه",
    "یکشنبه",
];

const MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/// The Gregorian months as Persian writes them.
const GREGORIAN_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// Which calendar the Persian edition's pages write dates in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersianCalendar {
    #[default]
    SolarHijri,
    Gregorian,
}

/// `n` in Persian digits (۰–۹).
pub fn persian_digits(n: i64) -> String {
    digits_from('۰', n)
}

/// `چهارشنبه ۱۹ دی ۱۴۰۳`
pub fn format_persian(date: Date) -> String {
    let (year, month, day) = solar_hijri(date);
    format!(
        "{} {} {} {}",
        WEEKDAYS[date.weekday().to_monday_zero_offset() as usize],
        persian_digits(day.into()),
        MONTHS[usize::from(month.clamp(1, 12) - 1)],
        persian_digits(year.into())
    )
}

/// A Gregorian month's Persian name (`1` is ژانویه).
pub fn gregorian_month(month: i8) -> &'static str {
    GREGORIAN_MONTHS[usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0)]
}

/// `چهارشنبه ۸ ژانویه ۲۰۲۵`: the Gregorian date in Persian words and digits.
pub fn format_persian_gregorian(date: Date) -> String {
    format!(
        "{} {} {} {}",
        persian_weekday(date.weekday()),
        persian_digits(date.day().into()),
        gregorian_month(date.month()),
        persian_digits(date.year().into())
    )
}

/// The date in `calendar`, as the Persian edition writes it.
pub fn format_persian_in(date: Date, calendar: PersianCalendar) -> String {
    match calendar {
        PersianCalendar::SolarHijri => format_persian(date),
        PersianCalendar::Gregorian => format_persian_gregorian(date),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersianDateError {
    #[error("expected «weekday day month year», e.g. «چهارشنبه ۱۹ دی ۱۴۰۳»; got «{0}»")]
    Shape(String),
    #[error("no such day: «{0}»")]
    Invalid(String),
    #[error("{date} is a {actual}, not a {written}")]
    WeekdayMismatch {
        date: String,
        written: String,
        actual: &'static str,
    },
}

/// Unifies what Persian keyboards and Arabic ones type differently: ي/ی, ك/ک, the
/// zero-width non-joiner (or a space) in سه‌شنبه, and the three digit sets.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ي' | 'ى' => Some('ی'),
            'ك' => Some('ک'),
            '\u{200C}' | ' ' => None,
            '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32),
            '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32),
            _ => Some(c),
        })
        .collect()
}

/// Parses `چهارشنبه ۱۹ دی ۱۴۰۳` (Persian, Arabic-Indic or Western digits) to its
/// Gregorian date, checking the weekday.
pub fn parse_persian(s: &str) -> Result<Date, PersianDateError> {
    let shape = || PersianDateError::Shape(s.trim().to_string());
    let words: Vec<&str> = s.split_whitespace().collect();
    // The weekday may be written with a space for its joiner: سه شنبه.
    let (weekday, rest) = match words.as_slice() {
        [w1, w2, rest @ ..] if rest.len() == 3 => (format!("{w1}{w2}"), rest),
        [w, rest @ ..] if rest.len() == 3 => (w.to_string(), rest),
        _ => return Err(shape()),
    };
    let written = WEEKDAYS
        .iter()
        .position(|w| fold(w) == fold(&weekday))
        .ok_or_else(shape)?;
    let day: u8 = fold(rest[0]).parse().map_err(|_| shape())?;
    let month = MONTHS
        .iter()
        .position(|m| fold(m) == fold(rest[1]))
        .ok_or_else(shape)?;
    let year: i32 = fold(rest[2]).parse().map_err(|_| shape())?;
    let date = from_solar_hijri(year, month as u8 + 1, day)
        .ok_or_else(|| PersianDateError::Invalid(s.trim().to_string()))?;
    let actual = date.weekday().to_monday_zero_offset() as usize;
    if actual != written {
        return Err(PersianDateError::WeekdayMismatch {
            date: format_persian(date),
            written: weekday,
            actual: WEEKDAYS[actual],
        });
    }
    Ok(date)
}

/// The weekday's Persian name.
pub fn persian_weekday(w: Weekday) -> &'static str {
    WEEKDAYS[w.to_monday_zero_offset() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn writes_like_the_persian_edition() {
        assert_eq!(format_persian(date(2025, 1, 8)), "چهارشنبه ۱۹ دی ۱۴۰۳");
        assert_eq!(format_persian(date(2025, 3, 21)), "جمعه ۱ فروردین ۱۴۰۴");
    }

    /// Nowruz (1 Farvardin) as Iran's official calendar published it, 1394–1405:
    /// it falls on March 20 or 21 with the equinox.
    #[test]
    fn nowruz_falls_where_the_published_calendars_put_it() {
        for (gregorian, written) in [
            (date(2015, 3, 21), "شنبه ۱ فروردین ۱۳۹۴"),
            (date(2016, 3, 20), "یکشنبه ۱ فروردین ۱۳۹۵"),
            (date(2017, 3, 21), "سه‌شنبه ۱ فروردین ۱۳۹۶"),
            (date(2018, 3, 21), "چهارشنبه ۱ فروردین ۱۳۹۷"),
            (date(2019, 3, 21), "پنجشنبه ۱ فروردین ۱۳۹۸"),
            (date(2020, 3, 20), "جمعه ۱ فروردین ۱۳۹۹"),
            (date(2021, 3, 21), "یکشنبه ۱ فروردین ۱۴۰۰"),
            (date(2022, 3, 21), "دوشنبه ۱ فروردین ۱۴۰۱"),
            (date(2023, 3, 21), "سه‌شنبه ۱ فروردین ۱۴۰۲"),
            (date(2024, 3, 20), "چهارشنبه ۱ فروردین ۱۴۰۳"),
            (date(2025, 3, 21), "جمعه ۱ فروردین ۱۴۰۴"),
            (date(2026, 3, 21), "شنبه ۱ فروردین ۱۴۰۵"),
        ] {
            assert_eq!(format_persian(gregorian), written, "{gregorian}");
        }
        // Yalda (30 Azar) and the day the Persian edition's reference is dated.
        assert_eq!(format_persian(date(2024, 12, 20)), "جمعه ۳۰ آذر ۱۴۰۳");
        assert_eq!(format_persian(date(2025, 1, 8)), "چهارشنبه ۱۹ دی ۱۴۰۳");
    }

    #[test]
    fn the_gregorian_calendar_on_request_in_persian_words_and_digits() {
        let d = date(2025, 1, 8);
        assert_eq!(format_persian_gregorian(d), "چهارشنبه ۸ ژانویه ۲۰۲۵");
        assert_eq!(
            format_persian_in(d, PersianCalendar::SolarHijri),
            format_persian(d)
        );
        assert_eq!(
            format_persian_in(date(2024, 12, 31), PersianCalendar::Gregorian),
            "سه‌شنبه ۳۱ دسامبر ۲۰۲۴"
        );
        assert_eq!(gregorian_month(5), "مه");
    }

    #[test]
    fn reads_every_digit_set_and_keyboard_and_checks_the_weekday() {
        let d = date(2025, 1, 8);
        assert_eq!(parse_persian("چهارشنبه ۱۹ دی ۱۴۰۳"), Ok(d));
        assert_eq!(parse_persian("چهارشنبه 19 دی 1403"), Ok(d));
        assert_eq!(parse_persian("سه شنبه ۱۸ دي ١٤٠٣"), Ok(date(2025, 1, 7)));
        assert!(matches!(
            parse_persian("پنجشنبه ۱۹ دی ۱۴۰۳"),
            Err(PersianDateError::WeekdayMismatch { .. })
        ));
        for bad in [
            "",
            "چهارشنبه",
            "چهارشنبه ۳۲ دی ۱۴۰۳",
            "چهارشنبه ۱۹ فلان ۱۴۰۳",
        ] {
            assert!(parse_persian(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_year_of_days_goes_there_and_back() {
        let mut d = date(2024, 3, 20);
        for _ in 0..400 {
            assert_eq!(parse_persian(&format_persian(d)), Ok(d));
            assert_eq!(
                persian_weekday(d.weekday()),
                format_persian(d).split(' ').next().unwrap()
            );
            d = d.tomorrow().unwrap();
        }
    }
}
