//! How a number is written in figures.yaml: the rules read the text as it was typed,
//! never the number the YAML parser made of it. The parser reads `2.000` as two (a
//! count of two thousand was published as "2"), `1.586` as one and a half, `1,586`
//! between braces as a 1 followed by a key `586`, and `2 000` or `"1.586"` as text.
//!
//! A count is plain digits. A metric with `decimals: N` in metrics.yaml takes at most N
//! digits after a point. A point or comma followed by exactly three digits looks like a
//! thousands separator, and is never read as a decimal point where the metric does not
//! declare that many decimals; no hint suggests it.

/// A number as it stands in figures.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed<'a> {
    /// The scalar's text, without quotes.
    pub text: &'a str,
    /// Whether it was in quotes (then YAML reads it as text, whatever it says).
    pub quoted: bool,
}

/// Why a typed number is refused: the message and the hint, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: String, hint: impl Into<String>) -> Refusal {
    Refusal {
        message,
        hint: hint.into(),
    }
}

/// The separators people type between groups of thousands: point, comma, space, the
/// no-break spaces a word processor puts there, and the apostrophe.
const GROUP_SEPARATORS: [char; 6] = ['.', ',', ' ', '\u{a0}', '\u{202f}', '\''];

/// `2.000`, `1,586`, `2 000`, `1.234.567`: one to three digits, then groups of exactly
/// three after one kind of separator. Returns the digits without the separators.
fn thousands(text: &str) -> Option<(String, char)> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let separator = digits.chars().find(|c| !c.is_ascii_digit())?;
    if !GROUP_SEPARATORS.contains(&separator) {
        return None;
    }
    let mut groups = digits.split(separator);
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    let mut joined = first.to_string();
    let mut rest = 0;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        joined.push_str(group);
        rest += 1;
    }
    (first_ok && rest > 0).then_some((joined, separator))
}

/// The digits a number typed as text stands for: without its thousands separators
/// (`1.794` → `1794`), or as it is when it is plain (`12.5`); `None` for anything else.
/// For a spreadsheet's text cell, whose hint says which number to type.
pub fn without_thousands(text: &str) -> Option<String> {
    thousands(text)
        .map(|(digits, _)| digits)
        .or_else(|| plain(text).map(|_| text.to_string()))
}

/// `-12.5` → (true, "12", Some("5")): an optional minus, digits, and optionally a point
/// and digits. Nothing else (no `+`, exponent, `0x`, `.5` or `5.`).
fn plain(text: &str) -> Option<(bool, &str, Option<&str>)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && fraction.is_none_or(digits)).then_some((negative, whole, fraction))
}

/// `12,5`: digits, a comma, and one, two or four or more digits (three would be a
/// thousands separator).
fn decimal_comma(text: &str) -> Option<String> {
    let (whole, fraction) = text.strip_prefix('-').unwrap_or(text).split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction) && fraction.len() != 3).then(|| text.replacen(',', ".", 1))
}

fn decimals_word(n: u8) -> String {
    match n {
        1 => "1 decimal".to_string(),
        n => format!("{n} decimals"),
    }
}

/// The `value` of metric `metric`, which declares `decimals` (`None` when the metric is
/// not in the catalogue: then only the way it is written is checked).
pub fn read_value(metric: &str, typed: Typed, decimals: Option<u8>) -> Result<f64, Refusal> {
    let text = typed.text.trim();
    let allowed = decimals.unwrap_or(u8::MAX);
    let quotes = if typed.quoted {
        " and without quotes"
    } else {
        ""
    };
    // A thousands separator, unless it is a point before no more decimals than the
    // metric declares (`1.586` for a metric with three decimals).
    if let Some((digits, separator)) = thousands(text) {
        let fraction = text.rsplit('.').next().map_or(0, str::len);
        let is_decimal =
            separator == '.' && text.matches('.').count() == 1 && fraction <= usize::from(allowed);
        if !is_decimal {
            let what = match decimals {
                Some(0) => format!("`{metric}` is a count, written {text}"),
                Some(n) => format!(
                    "`{metric}` is written {text}, but the metric declares {}",
                    decimals_word(n)
                ),
                None => format!("`{metric}` is written {text}"),
            };
            let separator_name = match separator {
                '.' => "point",
                ',' => "comma",
                '\'' => "apostrophe",
                _ => "space",
            };
            return Err(refuse(
                format!("{what}: the {separator_name} looks like a thousands separator"),
                format!("write {digits}, without a thousands separator{quotes}"),
            ));
        }
    }
    if typed.quoted {
        let hint = match plain(text) {
            Some(_) => format!("remove the quotes: write {text}"),
            None => "remove the quotes and write the figure as digits, e.g. 2205".to_string(),
        };
        return Err(refuse(
            format!("`{metric}`: \"{text}\" is in quotes, so it is read as text, not as a number"),
            hint,
        ));
    }
    let Some((_, _, fraction)) = plain(text) else {
        let hint = match (decimal_comma(text), decimals) {
            (Some(_), Some(0)) => {
                "a count is a whole number: write it as digits, e.g. 2205".to_string()
            }
            (Some(with_point), _) => format!("write the decimals after a point: {with_point}"),
            (None, _) if text.ends_with('%') => {
                format!(
                    "write the number without %: {}",
                    text.trim_end_matches('%').trim()
                )
            }
            (None, _) => "write the figure as digits, e.g. 2205".to_string(),
        };
        return Err(refuse(
            format!("`{metric}`: `{text}` is not a number written as digits"),
            hint,
        ));
    };
    // A negative value is read, and refused by `value_in_range` for being negative,
    // which matters more than its decimals.
    let value: f64 = text.parse().unwrap_or(f64::NAN);
    if let Some(fraction) = fraction.filter(|_| value >= 0.0) {
        if decimals == Some(0) {
            return Err(refuse(
                format!("`{metric}` is a count, written {text}: a count has no decimal point"),
                "write the whole number as digits, e.g. 2205; if this metric really has \
                 fractions, declare how many with `decimals:` for it in metrics.yaml",
            ));
        }
        if fraction.len() > usize::from(allowed) {
            return Err(refuse(
                format!(
                    "`{metric}` is written {text}, with {}, but the metric declares {}",
                    decimals_word(u8::try_from(fraction.len()).unwrap_or(u8::MAX)),
                    decimals_word(allowed)
                ),
                format!(
                    "write it with at most {} after the point, as the source gives it",
                    decimals_word(allowed)
                ),
            ));
        }
    }
    Ok(value)
}

/// A stated change's `percent`: digits, a sign if wanted, decimals if the source has them.
pub fn read_percent(metric: &str, typed: Typed) -> Result<f64, Refusal> {
    let text = typed.text.trim();
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let refusal = |hint: String| {
        refuse(
            format!("`{metric}`: the stated change `{text}` is not a number written as digits"),
            hint,
        )
    };
    if typed.quoted {
        return Err(refusal(format!(
            "remove the quotes: write the percentage as digits, e.g. {}",
            if plain(unsigned).is_some() {
                unsigned
            } else {
                "-25"
            }
        )));
    }
    match plain(unsigned) {
        Some(_) => Ok(unsigned.parse().unwrap_or(f64::NAN)),
        None => Err(refusal(match decimal_comma(unsigned) {
            Some(with_point) => format!("write the decimals after a point: {with_point}"),
            None if unsigned.ends_with('%') => format!(
                "write the percentage without %: {}",
                unsigned.trim_end_matches('%').trim()
            ),
            None => "write the percentage as digits, e.g. -25 for a fall of 25%".to_string(),
        })),
    }
}

/// A stated change's `since`: a year, as digits.
pub fn read_year(metric: &str, typed: Typed) -> Result<i32, Refusal> {
    let text = typed.text.trim();
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<i32>() {
        Ok(year) if digits && !typed.quoted => Ok(year),
        Ok(_) if digits => Err(refuse(
            format!("`{metric}`: the year of the stated change, \"{text}\", is in quotes"),
            format!("remove the quotes: write {text}"),
        )),
        _ => Err(refuse(
            format!("`{metric}`: the stated change is since {text}, which is not a year"),
            "`since` is the earlier year the source compares with: four digits, e.g. 2019, \
             without quotes",
        )),
    }
}

/// The largest value: 2^53 − 1, the largest whole number a 64-bit float holds together
/// with its neighbours. From 2^53 on, a typed whole number may already have been rounded
/// when it was read (9007199254740993 is read as 9007199254740992), and any number read
/// as 2^53 or more is above this, so no rounded number passes. Surely a typo anyway.
pub const LARGEST_VALUE: f64 = 9_007_199_254_740_991.0;

/// The rules on a number that was read (as opposed to how it is written): a wrong
/// number keeps its file read, so that the checks of the rest of the site still run
/// (a negative value hid no shortcode error in a report before these rules moved here
/// from validation). Every way a figure is read (figures.yaml, a spreadsheet) checks
/// its numbers with these.
///
/// A figure's value (`written` as typed): a count or share cannot be below zero, and a
/// number too large to be kept exactly has extra digits.
pub fn value_in_range(metric: &str, written: &str, value: f64) -> Result<(), Refusal> {
    if !value.is_finite() {
        Err(refuse(
            format!("`{metric}`: `{written}` is not a number"),
            "write the figure as digits, e.g. 2205",
        ))
    } else if value < 0.0 {
        Err(refuse(
            format!("`{metric}` is negative ({written})"),
            "a count or share cannot be below zero; a decrease is computed by the site, not typed",
        ))
    } else if value > LARGEST_VALUE {
        Err(refuse(
            format!("`{metric}` is implausibly large ({written})"),
            TOO_LARGE,
        ))
    } else {
        Ok(())
    }
}

/// A stated change in percent (`written` as typed): a number, not a fall of more than
/// 100% (nothing falls below nothing), not implausibly large.
pub fn percent_in_range(metric: &str, written: &str, percent: f64) -> Result<(), Refusal> {
    if !percent.is_finite() {
        Err(refuse(
            format!("`{metric}`: the stated change `{written}` is not a number"),
            "write the percentage as digits, e.g. -25 for a fall of 25%",
        ))
    } else if percent < -100.0 {
        Err(refuse(
            format!(
                "`{metric}`: the stated change is {written}%, but nothing can fall by more than 100%"
            ),
            "check the number against the source: a fall to nothing is -100",
        ))
    } else if percent > LARGEST_VALUE {
        Err(refuse(
            format!("`{metric}`: the stated change ({written}%) is implausibly large"),
            "check the percentage against the source: it has too many digits",
        ))
    } else {
        Ok(())
    }
}

/// A stated change's `since`: a year (1900 to 2999, as year folders are), before the
/// year of the figure (`year`, where known).
pub fn since_in_range(metric: &str, since: i32, year: Option<i32>) -> Result<(), Refusal> {
    if crate::model::parse_year(&since.to_string()).is_none() {
        let before = year.map(|y| format!(", before {y}")).unwrap_or_default();
        Err(refuse(
            format!("`{metric}`: the stated change is since {since}, which is not a year"),
            format!(
                "`since` is the earlier year the source compares with: four digits between \
                 1900 and 2999{before}"
            ),
        ))
    } else if let Some(year) = year.filter(|&y| since >= y) {
        Err(refuse(
            format!("`{metric}`: the stated change is since {since}, which is not before {year}"),
            "`since` is the earlier year the source compares with",
        ))
    } else {
        Ok(())
    }
}

const TOO_LARGE: &str = "check the number for extra digits (a number this large could not even \
     be kept exactly: from 9007199254740992 on, whole numbers are rounded)";

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(text: &str) -> Typed<'_> {
        Typed {
            text,
            quoted: false,
        }
    }

    fn value(text: &str, decimals: u8) -> Result<f64, Refusal> {
        read_value("m", bare(text), Some(decimals))
    }

    #[test]
    fn counts_are_plain_digits() {
        assert_eq!(value("2000", 0), Ok(2000.0));
        assert_eq!(value("1586", 0), Ok(1586.0));
        assert_eq!(value("0", 0), Ok(0.0));
        for typed in [
            "2.000",
            "1.586",
            "1,586",
            "2 000",
            "1.234.567",
            "2\u{a0}000",
        ] {
            let e = value(typed, 0).unwrap_err();
            assert!(e.message.contains("is a count"), "{typed}: {e:?}");
            assert!(e.message.contains("thousands separator"), "{typed}: {e:?}");
            assert!(e.hint.contains("without a thousands separator"), "{typed}");
            assert!(!e.hint.contains("decimals"), "{typed}: {e:?}");
        }
        assert_eq!(
            value("2.000", 0).unwrap_err().hint,
            "write 2000, without a thousands separator"
        );
        assert_eq!(
            value("1,586", 0).unwrap_err().hint,
            "write 1586, without a thousands separator"
        );
        // Any decimal point on a count is refused, not only three digits after it.
        for typed in ["2.5", "2.0", "2.00", "2.0000"] {
            let e = value(typed, 0).unwrap_err();
            assert!(e.message.contains("no decimal point"), "{typed}: {e:?}");
        }
    }

    #[test]
    fn quoted_numbers_are_text() {
        let quoted = |text| read_value("m", Typed { text, quoted: true }, Some(0));
        let e = quoted("1.586").unwrap_err();
        assert_eq!(
            e.hint,
            "write 1586, without a thousands separator and without quotes"
        );
        let e = quoted("2000").unwrap_err();
        assert!(e.message.contains("in quotes"), "{e:?}");
        assert_eq!(e.hint, "remove the quotes: write 2000");
        assert_eq!(
            read_percent(
                "m",
                Typed {
                    text: "21",
                    quoted: true
                }
            )
            .unwrap_err()
            .hint,
            "remove the quotes: write the percentage as digits, e.g. 21"
        );
        assert!(read_year(
            "m",
            Typed {
                text: "2019",
                quoted: true
            }
        )
        .is_err());
    }

    #[test]
    fn declared_decimals() {
        assert_eq!(value("12.5", 1), Ok(12.5));
        assert_eq!(value("12", 1), Ok(12.0));
        assert_eq!(value("1.586", 3), Ok(1.586));
        let e = value("12.55", 1).unwrap_err();
        assert!(
            e.message
                .contains("with 2 decimals, but the metric declares 1 decimal"),
            "{e:?}"
        );
        // Three digits after a point where fewer are declared look like thousands.
        let e = value("1.500", 1).unwrap_err();
        assert!(e.message.contains("thousands separator"), "{e:?}");
        assert_eq!(e.hint, "write 1500, without a thousands separator");
        // A comma before three digits is never a decimal comma.
        assert!(value("1,586", 3).unwrap_err().hint.contains("write 1586"));
        assert_eq!(
            value("12,5", 1).unwrap_err().hint,
            "write the decimals after a point: 12.5"
        );
    }

    #[test]
    fn what_is_not_a_number_says_so_in_words() {
        for typed in ["x", "1e3", "+5", "0x10", ".5", "5.", ".inf", "12%", ""] {
            let e = value(typed, 0).unwrap_err();
            assert!(
                e.message.contains("is not a number written as digits"),
                "{typed}: {e:?}"
            );
            assert!(!e.message.contains("f64") && !e.hint.contains("f64"));
        }
        assert_eq!(
            value("x", 0).unwrap_err().hint,
            "write the figure as digits, e.g. 2205"
        );
        assert_eq!(
            value("12%", 1).unwrap_err().hint,
            "write the number without %: 12"
        );
        // A negative count is read (and refused by `value_in_range`, before its
        // decimals are looked at).
        assert_eq!(value("-5", 0), Ok(-5.0));
        assert_eq!(value("-5.25", 0), Ok(-5.25));
        // An unknown metric: only the way it is written is checked.
        assert_eq!(read_value("m", bare("12.25"), None), Ok(12.25));
        assert!(read_value("m", bare("1,586"), None).is_err());
    }

    #[test]
    fn percents_and_years() {
        assert_eq!(read_percent("m", bare("-25")), Ok(-25.0));
        assert_eq!(read_percent("m", bare("+21")), Ok(21.0));
        assert_eq!(read_percent("m", bare("4.5")), Ok(4.5));
        assert!(read_percent("m", bare("21%"))
            .unwrap_err()
            .hint
            .contains(": 21"));
        assert!(read_percent("m", bare("4,5"))
            .unwrap_err()
            .hint
            .contains("4.5"));
        assert_eq!(read_year("m", bare("2019")), Ok(2019));
        assert!(read_year("m", bare("2019.0")).is_err());
        assert!(read_year("m", bare("99999999999")).is_err());
    }

    #[test]
    fn numbers_out_of_range() {
        let message = |r: Result<(), Refusal>| r.unwrap_err().message;
        assert_eq!(value_in_range("m", "12", 12.0), Ok(()));
        assert_eq!(
            message(value_in_range("m", "-5", -5.0)),
            "`m` is negative (-5)"
        );
        assert!(message(value_in_range("m", "1e17", 1e17)).contains("implausibly large (1e17)"));
        assert_eq!(percent_in_range("m", "-100", -100.0), Ok(()));
        assert!(message(percent_in_range("m", "-250", -250.0))
            .contains("nothing can fall by more than 100%"));
        assert!(message(percent_in_range("m", "1e20", 1e20)).contains("implausibly large"));
        assert_eq!(since_in_range("m", 2019, Some(2020)), Ok(()));
        assert_eq!(since_in_range("m", 2019, None), Ok(()));
        assert!(message(since_in_range("m", 1000, Some(2020))).contains("which is not a year"));
        assert!(message(since_in_range("m", 2020, Some(2020))).contains("not before 2020"));
        assert!(message(since_in_range("m", 2021, Some(2020))).contains("not before 2020"));
    }
}
