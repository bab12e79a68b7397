//! The Hijri (Umm al-Qura) and Solar Hijri dates of a Gregorian date, from ICU4X's
//! calendars: Umm al-Qura is a published table (KACST), not arithmetic, so it is
//! taken from a maintained library rather than computed here.

use icu_calendar::Date as IcuDate;
use icu_calendar::cal::{Hijri, Persian};
use jiff::civil::Date;

fn icu(date: Date) -> Option<IcuDate<icu_calendar::Iso>> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    IcuDate::try_new_iso(date.year().into(), month, day).ok()
}

/// (year, month, day) in the Umm al-Qura calendar used in Saudi Arabia.
pub fn umm_al_qura(date: Date) -> (i32, u8, u8) {
    let Some(iso) = icu(date) else {
        return (0, 1, 1);
    };
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    (
        h.year().extended_year(),
        h.month().ordinal,
        h.day_of_month().0,
    )
}

/// (year, month, day) in the Solar Hijri calendar of Iran and Afghanistan.
pub fn solar_hijri(date: Date) -> (i32, u8, u8) {
    let Some(iso) = icu(date) else {
        return (0, 1, 1);
    };
    let p = iso.to_calendar(Persian::new());
    (
        p.year().extended_year(),
        p.month().ordinal,
        p.day_of_month().0,
    )
}

/// The Gregorian date of a Solar Hijri one; `None` if there is no such day.
pub fn from_solar_hijri(year: i32, month: u8, day: u8) -> Option<Date> {
    let iso = IcuDate::try_new_persian(year, month, day)
        .ok()?
        .to_calendar(icu_calendar::Iso);
    let year = i16::try_from(iso.year().extended_year()).ok()?;
    let month = i8::try_from(iso.month().ordinal).ok()?;
    let day = i8::try_from(iso.day_of_month().0).ok()?;
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of `testdata/calendars/*.csv`: (year, month, first Gregorian day, days).
    fn table(name: &str) -> Vec<(i32, u8, Date, i8)> {
        let path = format!(
            "{}/../../testdata/calendars/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .skip(1)
            .map(|line| {
                let f: Vec<&str> = line.split(',').collect();
                (
                    f[0].parse().unwrap(),
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    f[3].parse().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn umm_al_qura_matches_the_published_table_for_sixteen_years() {
        let rows = table("umm-al-qura.csv");
        assert!(rows.len() >= 16 * 12);
        for (year, month, first, days) in rows {
            assert_eq!(umm_al_qura(first), (year, month, 1), "{first}");
            let last = first
                .checked_add(jiff::Span::new().days(i64::from(days) - 1))
                .unwrap();
            assert_eq!(umm_al_qura(last), (year, month, days as u8), "{last}");
        }
    }

    #[test]
    fn solar_hijri_matches_the_published_table_and_goes_back() {
        let rows = table("solar-hijri.csv");
        assert!(rows.len() >= 200);
        for (year, month, first, days) in rows {
            assert_eq!(solar_hijri(first), (year, month, 1), "{first}");
            assert_eq!(from_solar_hijri(year, month, 1), Some(first));
            let last = first
                .checked_add(jiff::Span::new().days(i64::from(days) - 1))
                .unwrap();
            assert_eq!(solar_hijri(last), (year, month, days as u8), "{last}");
        }
        assert_eq!(from_solar_hijri(1403, 7, 31), None, "Mehr has 30 days");
    }
}
