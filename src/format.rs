//! Languages, and how numbers, changes and dates are written in each.
//!
//! A language is its code (`nl`, `fr`, `pt-BR`): data, not a list in the code. Numbers and
//! dates follow CLDR through ICU4X with its data compiled in: `2.205` in Dutch, `2 205`
//! (narrow no-break space) in French, `2,205` in English, `10 mei 2022`, `May 10, 2022`.
//! What CLDR leaves to the language file: where the `%` goes (`format_percent`, CLDR's
//! percent pattern: `{number}%`, `{number} %`) and the first of the month (`format_first_day`,
//! French `1er`). Every change is signed with a real minus sign (U+2212), in every language.

use icu_calendar::Gregorian;
use icu_datetime::fieldsets::{YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use writeable::{Part, PartsWrite, Writeable};

/// U+2212 MINUS SIGN: a hyphen is too short next to digits and screen readers say "minus".
pub const MINUS: char = '\u{2212}';

/// A language of the site, by its code: `nl`, `fr`, `en`, `pt-BR`. Held inline (no
/// allocation) so it is as cheap to copy as the two-value list it replaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    code: [u8; Lang::LONGEST],
    len: u8,
}

impl Lang {
    /// The language of a site.yaml that names none (see model.rs).
    pub const DUTCH: Lang = Lang::ascii(*b"nl");

    const fn ascii(code: [u8; 2]) -> Lang {
        let mut bytes = [0; Lang::LONGEST];
        bytes[0] = code[0];
        bytes[1] = code[1];
        Lang {
            code: bytes,
            len: 2,
        }
    }

    /// The longest code taken: a language, a script and a region (`zh-Hant-TW` is 10).
    const LONGEST: usize = 15;

    /// A language code as BCP 47 writes it: two or three lowercase letters, then perhaps a
    /// script (`Latn`) and a region (`BE`, `419`): `nl`, `fr-BE`, `zh-Hant`. A word such as
    /// `final` (in `report.final.md`) is not one.
    pub fn from_code(code: &str) -> Option<Lang> {
        let mut parts = code.split('-');
        let language = parts.next()?;
        let lower = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
        if !(2..=3).contains(&language.len()) || !lower(language) {
            return None;
        }
        for part in parts {
            let script =
                part.len() == 4 && part.as_bytes()[0].is_ascii_uppercase() && lower(&part[1..]);
            let region = (part.len() == 2 && part.bytes().all(|b| b.is_ascii_uppercase()))
                || (part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()));
            if !(script || region) {
                return None;
            }
        }
        if code.len() > Lang::LONGEST
            || icu_locale_core::LanguageIdentifier::try_from_str(code).is_err()
        {
            return None;
        }
        let mut bytes = [0; Lang::LONGEST];
        bytes[..code.len()].copy_from_slice(code.as_bytes());
        Some(Lang {
            code: bytes,
            len: code.len() as u8,
        })
    }

    pub fn code(&self) -> &str {
        // Only ASCII is ever stored (from_code).
        std::str::from_utf8(&self.code[..usize::from(self.len)]).unwrap_or("")
    }
}

/// A code written in another case or with `_` as BCP 47 writes it: `en-gb` → `en-GB`,
/// `pt_br` → `pt-BR`, `EN` → `en`, `zh-hant-tw` → `zh-Hant-TW`: what the writer of a
/// code that [`Lang::from_code`] refuses may have meant. `None` when it is no code at all.
pub fn canonical_code(code: &str) -> Option<String> {
    if !code.is_ascii() {
        return None;
    }
    let parts: Vec<&str> = code.trim().split(['-', '_']).collect();
    let (first, rest) = parts.split_first()?;
    let mut out = first.to_ascii_lowercase();
    for part in rest {
        out.push('-');
        match part.len() {
            4 => {
                out.push_str(&part[..1].to_ascii_uppercase());
                out.push_str(&part[1..].to_ascii_lowercase());
            }
            _ => out.push_str(&part.to_ascii_uppercase()),
        }
    }
    Lang::from_code(&out).map(|l| l.code().to_string())
}

/// No language (an empty code): only a view's placeholder before it is filled in.
impl Default for Lang {
    fn default() -> Lang {
        Lang {
            code: [0; Lang::LONGEST],
            len: 0,
        }
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{code}` is not a language code: write one such as nl, fr, en, de or pt-BR"
            ))
        })
    }
}

/// How one language writes numbers, changes and dates (see the module's note).
#[derive(Debug, Clone)]
pub struct Format {
    decimal: DecimalFormatter,
    day_month_year: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    /// `{number}%`: where the percent sign goes, from the language file.
    percent: String,
    /// What the first of a month is written as, when not the digit (French `1er`).
    first_day: String,
}

impl Format {
    /// The formats of `lang`, with the two things CLDR leaves to its language file. A
    /// language CLDR does not know is written as CLDR's root writes it (`1,145,000`).
    pub fn new(lang: Lang, percent: &str, first_day: &str) -> Result<Format, String> {
        let locale = icu_locale_core::Locale::try_from_str(lang.code())
            .map_err(|e| format!("`{lang}` is not a language code ({e})"))?;
        Ok(Format {
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(|e| format!("no number formats for `{lang}` ({e})"))?,
            day_month_year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
                .map_err(|e| format!("no date formats for `{lang}` ({e})"))?,
            month_year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long())
                .map_err(|e| format!("no date formats for `{lang}` ({e})"))?,
            percent: percent.to_string(),
            first_day: first_day.to_string(),
        })
    }

    /// A value: whole numbers get the language's thousands separators; fractions keep up
    /// to two decimals.
    pub fn number(&self, value: f64) -> String {
        if !value.is_finite() {
            return String::from("?");
        }
        let rounded = (value.abs() * 100.0).round() / 100.0;
        let mut out = String::new();
        if value < 0.0 && rounded != 0.0 {
            out.push(MINUS);
        }
        // Through text: exact for any size, where an integer of cents overflows.
        match Decimal::from_str(&format!("{rounded:.2}")) {
            Ok(mut decimal) => {
                decimal.absolute.trim_end();
                out.push_str(&self.decimal.format(&decimal).to_string());
            }
            Err(_) => out.push('?'),
        }
        out
    }

    /// A percentage change, rounded to a whole percent and always signed: `+47%`, `−16%`, `0%`.
    pub fn percent_change(&self, percent: f64) -> String {
        let rounded = percent.round();
        let sign = if rounded > 0.0 {
            "+".to_string()
        } else if rounded < 0.0 {
            MINUS.to_string()
        } else {
            String::new()
        };
        format!("{sign}{}", self.percent(rounded.abs()))
    }

    /// A share or a plain percentage (not a change): `81%`.
    pub fn percent(&self, percent: f64) -> String {
        self.percent.replace("{number}", &self.number(percent))
    }

    /// An absolute change, always signed: `+704`, `−199`.
    pub fn signed_number(&self, delta: f64) -> String {
        if delta > 0.0 {
            format!("+{}", self.number(delta))
        } else {
            self.number(delta)
        }
    }

    /// A date as precise as it is given: `10 mei 2022`, `mei 2022`, `2022`.
    pub fn date(&self, date: &Date) -> String {
        let Some(month) = date.month else {
            return date.year.to_string();
        };
        let day = date.day.unwrap_or(1);
        let Ok(gregorian) = icu_calendar::Date::try_new_gregorian(date.year, month, day) else {
            return date.to_string();
        };
        if date.day.is_none() {
            return self.month_year.format(&gregorian).to_string();
        }
        let mut parts = Parts::default();
        if self
            .day_month_year
            .format(&gregorian)
            .write_to_parts(&mut parts)
            .is_err()
        {
            return date.to_string();
        }
        match parts.day {
            Some((start, end)) if day == 1 && !self.first_day.is_empty() => {
                format!(
                    "{}{}{}",
                    &parts.text[..start],
                    self.first_day,
                    &parts.text[end..]
                )
            }
            _ => parts.text,
        }
    }
}

/// A formatted date with where its day is, so the first of the month can be written the
/// language's way.
#[derive(Default)]
struct Parts {
    text: String,
    day: Option<(usize, usize)>,
}

impl fmt::Write for Parts {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for Parts {
    type SubPartsWrite = Parts;
    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        f(self)?;
        if part == icu_datetime::parts::DAY {
            self.day = Some((start, self.text.len()));
        }
        Ok(())
    }
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
    #[test]
    fn a_code_in_another_case_is_the_code_meant() {
        use super::canonical_code as c;
        assert_eq!(c("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(c("pt_br").as_deref(), Some("pt-BR"));
        assert_eq!(c("EN").as_deref(), Some("en"));
        assert_eq!(c("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(c("english"), None);
        assert_eq!(c("é-gb"), None);
    }

    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::from_code(code).unwrap()
    }

    /// The theme's language files say where the percent sign goes and how the first of the
    /// month is written; these are their values.
    fn format(code: &str) -> Format {
        let (percent, first) = match code {
            "fr" => ("{number}\u{202f}%", "1er"),
            "de" => ("{number}\u{a0}%", ""),
            _ => ("{number}%", ""),
        };
        Format::new(lang(code), percent, first).unwrap()
    }

    #[test]
    fn language_codes() {
        for good in [
            "nl", "fr", "en", "de", "es", "pt-BR", "zh-Hant", "es-419", "gsw",
        ] {
            assert_eq!(lang(good).code(), good);
        }
        for bad in [
            "",
            "n",
            "NL",
            "final",
            "v2",
            "nl_BE",
            "nl-be",
            "fr-",
            "x-y",
            "en-GB-oxendict",
        ] {
            assert!(Lang::from_code(bad).is_none(), "{bad} should be refused");
        }
        // Ordered as their codes are (the languages of site.yaml are listed in this order).
        assert!(lang("fr") < lang("fr-BE") && lang("fr-BE") < lang("nl"));
    }

    #[test]
    fn dutch_numbers() {
        let nl = format("nl");
        assert_eq!(nl.number(2205.0), "2.205");
        assert_eq!(nl.number(55601.0), "55.601");
        assert_eq!(nl.number(158_000_000_000.0), "158.000.000.000");
        assert_eq!(nl.number(867.0), "867");
        assert_eq!(nl.number(0.0), "0");
        assert_eq!(nl.number(12.5), "12,5");
        assert_eq!(nl.number(3.25), "3,25");
        assert_eq!(nl.number(-199.0), "\u{2212}199");
        assert_eq!(
            nl.number(1e300).len(),
            401,
            "a huge value is written out, not cut"
        );
        assert_eq!(nl.number(f64::NAN), "?");
    }

    #[test]
    fn numbers_in_other_languages_follow_cldr() {
        assert_eq!(format("fr").number(1_145_000.0), "1\u{202f}145\u{202f}000");
        assert_eq!(format("fr").percent_change(47.0), "+47\u{202f}%");
        assert_eq!(format("fr").number(12.5), "12,5");
        assert_eq!(format("en").number(1_145_000.0), "1,145,000");
        assert_eq!(format("en").number(12.5), "12.5");
        assert_eq!(format("en").percent(81.0), "81%");
        assert_eq!(format("de").number(1_145_000.0), "1.145.000");
        assert_eq!(format("de").percent_change(-16.0), "\u{2212}16\u{a0}%");
        // A language the theme has no file for is formatted by CLDR all the same.
        assert_eq!(format("es").number(1_145_000.0), "1.145.000");
    }

    #[test]
    fn changes_are_signed_and_rounded() {
        let nl = format("nl");
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
        assert_eq!(format("nl").date(&d), "10 mei 2022");
        assert_eq!(format("fr").date(&d), "10 mai 2022");
        assert_eq!(format("en").date(&d), "May 10, 2022");
        assert_eq!(format("de").date(&d), "10. Mai 2022");
        let first = Date::parse("2022-03-01").unwrap();
        assert_eq!(format("fr").date(&first), "1er mars 2022");
        assert_eq!(format("nl").date(&first), "1 maart 2022");
        assert_eq!(format("en").date(&first), "March 1, 2022");
        let month = Date::parse("2021-05").unwrap();
        assert_eq!(format("nl").date(&month), "mei 2021");
        assert_eq!(format("fr").date(&month), "mai 2021");
        assert_eq!(format("nl").date(&Date::parse("2024").unwrap()), "2024");
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
