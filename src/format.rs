//! How numbers, changes and dates are written, per language.
//!
//! Dutch: `2.205`, `+47%`, `−16%` (a real minus sign, U+2212), `10 mei 2022`.
//! French: `2 205` (narrow no-break space), `+47 %`, `10 mai 2022`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// U+2212 MINUS SIGN: a hyphen is too short next to digits and screen readers say "minus".
pub const MINUS: char = '\u{2212}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Fr,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
        }
    }

    fn thousands_separator(self) -> &'static str {
        match self {
            Lang::Nl => ".",
            // NARROW NO-BREAK SPACE, as the French typographic norm has it.
            Lang::Fr => "\u{202f}",
        }
    }

    fn percent_sign(self) -> &'static str {
        match self {
            Lang::Nl => "%",
            Lang::Fr => "\u{202f}%",
        }
    }

    fn month_name(self, month: u8) -> &'static str {
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let i = usize::from(month.clamp(1, 12) - 1);
        match self {
            Lang::Nl => NL[i],
            Lang::Fr => FR[i],
        }
    }

    /// A value: whole numbers get thousands separators; fractions keep up to two decimals.
    pub fn number(self, value: f64) -> String {
        if !value.is_finite() {
            return String::from("?");
        }
        let negative = value < 0.0;
        let rounded = (value.abs() * 100.0).round() / 100.0;
        let whole = rounded.trunc();
        let mut out = String::new();
        if negative && rounded != 0.0 {
            out.push(MINUS);
        }
        out.push_str(&group_digits(
            &format!("{whole:.0}"),
            self.thousands_separator(),
        ));
        let frac = ((rounded - whole) * 100.0).round() as u32;
        if frac > 0 {
            out.push(',');
            if frac.is_multiple_of(10) {
                out.push_str(&(frac / 10).to_string());
            } else {
                out.push_str(&format!("{frac:02}"));
            }
        }
        out
    }

    /// A percentage change, rounded to a whole percent and always signed: `+47%`, `−16%`, `0%`.
    pub fn percent_change(self, percent: f64) -> String {
        let rounded = percent.round();
        let sign = if rounded > 0.0 {
            "+".to_string()
        } else if rounded < 0.0 {
            MINUS.to_string()
        } else {
            String::new()
        };
        format!(
            "{sign}{}{}",
            self.number(rounded.abs()),
            self.percent_sign()
        )
    }

    /// A share or a plain percentage (not a change): `81%`.
    pub fn percent(self, percent: f64) -> String {
        format!("{}{}", self.number(percent), self.percent_sign())
    }

    /// An absolute change, always signed: `+704`, `−199`.
    pub fn signed_number(self, delta: f64) -> String {
        if delta > 0.0 {
            format!("+{}", self.number(delta))
        } else {
            self.number(delta)
        }
    }

    pub fn date(self, date: &Date) -> String {
        match (date.month, date.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", self.month_name(m), date.year),
            (Some(m), None) => format!("{} {}", self.month_name(m), date.year),
            _ => date.year.to_string(),
        }
    }
}

fn group_digits(digits: &str, separator: &str) -> String {
    let bytes = digits.as_bytes();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(char::from(*b));
    }
    out
}

/// A calendar date as precise as the source gives it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!("`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2022-05-10)")
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = num(parts[0], 4)? as i32;
        let month = match parts.get(1) {
            Some(m) => {
                let m = num(m, 2)?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => {
                let d = num(d, 2)?;
                let max = days_in_month(year, month.unwrap_or(1).into());
                if d == 0 || d > max {
                    return Err(bad());
                }
                Some(d as u8)
            }
            None => None,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// RFC 3339 timestamp for feeds and sitemaps (missing parts become the first).
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // YAML reads `2021` as a number and `2021-05` as a string: accept both.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Year(i64),
            Text(String),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Year(y) => y.to_string(),
            Raw::Text(t) => t,
        };
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A metric whose unit is `%` is a share: its values are written `81%`, and its changes
/// are in percentage points, since a relative change of a share misleads.
pub fn is_share_unit(unit: &str) -> bool {
    unit.trim() == "%"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        let nl = Lang::Nl;
        assert_eq!(nl.number(2205.0), "2.205");
        assert_eq!(nl.number(55601.0), "55.601");
        assert_eq!(nl.number(158_000_000_000.0), "158.000.000.000");
        assert_eq!(nl.number(867.0), "867");
        assert_eq!(nl.number(0.0), "0");
        assert_eq!(nl.number(12.5), "12,5");
        assert_eq!(nl.number(3.25), "3,25");
        assert_eq!(nl.number(-199.0), "\u{2212}199");
    }

    #[test]
    fn french_numbers() {
        assert_eq!(Lang::Fr.number(2205.0), "2\u{202f}205");
        assert_eq!(Lang::Fr.percent_change(47.0), "+47\u{202f}%");
        assert_eq!(Lang::Fr.number(12.5), "12,5");
    }

    #[test]
    fn changes_are_signed_and_rounded() {
        let nl = Lang::Nl;
        assert_eq!(nl.percent_change(46.9), "+47%");
        assert_eq!(nl.percent_change(-15.78), "\u{2212}16%");
        assert_eq!(nl.percent_change(0.2), "0%");
        assert_eq!(nl.percent_change(-0.4), "0%");
        assert_eq!(nl.percent_change(1234.0), "+1.234%");
        assert_eq!(nl.signed_number(704.0), "+704");
        assert_eq!(nl.signed_number(-199.0), "\u{2212}199");
    }

    #[test]
    fn dates() {
        let d = Date::parse("2022-05-10").unwrap();
        assert_eq!(Lang::Nl.date(&d), "10 mei 2022");
        assert_eq!(Lang::Fr.date(&d), "10 mai 2022");
        assert_eq!(Lang::Nl.date(&Date::parse("2021-05").unwrap()), "mei 2021");
        assert_eq!(Lang::Nl.date(&Date::parse("2024").unwrap()), "2024");
        assert_eq!(d.to_string(), "2022-05-10");
        assert_eq!(d.rfc3339(), "2022-05-10T00:00:00Z");
        for bad in [
            "2022-13-01",
            "2022-02-30",
            "22-05-10",
            "2022-5-1",
            "mei",
            "",
            "2022-05-10-1",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
    }
}
