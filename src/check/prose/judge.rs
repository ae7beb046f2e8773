//! What a typed number may be, given the figures its sentence names: the candidates (a
//! value, a change, a share, a sum, a difference, a ratio), and whether the number fits
//! one of them. Each candidate carries the shortcode that would write it, for the hint.

use super::lexicon::{Bound, Direction};
use super::numbers::Number;
use crate::derive::{Change, Dataset, ShownChange};
use crate::model::Metric;
use crate::validate::agrees;

/// One thing the number may be. What it is in words, and the shortcode that writes it,
/// are made only for a message: a sentence is judged without building a string.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub value: f64,
    /// A change: its sign counts.
    pub signed: bool,
    pub what: What<'a>,
}

/// Where a candidate comes from.
#[derive(Debug, Clone, Copy)]
pub enum What<'a> {
    Value {
        metric: &'a str,
        year: i32,
    },
    Other {
        metric: &'a str,
        year: i32,
        source: &'a str,
    },
    Sum {
        a: (&'a str, i32),
        b: (&'a str, i32),
    },
    Difference {
        a: (&'a str, i32),
        b: (&'a str, i32),
    },
    Total {
        count: usize,
    },
    Change {
        metric: &'a str,
        from: i32,
        to: i32,
    },
    Stated {
        metric: &'a str,
        since: i32,
        year: i32,
    },
    Share {
        metric: &'a str,
        year: i32,
    },
    Part {
        part: &'a str,
        whole: &'a str,
        year: i32,
    },
}

impl Candidate<'_> {
    /// What it is, for the message: `57 for prostitutie-minderjarigen in 2021`.
    pub fn describe(&self) -> String {
        let v = self.value;
        match self.what {
            What::Value { metric, year } => format!("{} for {metric} in {year}", show(v)),
            What::Other {
                metric,
                year,
                source,
            } => {
                format!("{} for {metric} in {year} according to {source}", show(v))
            }
            What::Sum { a, b } => format!(
                "{} (the sum of {} {} and {} {})",
                show(v),
                a.0,
                a.1,
                b.0,
                b.1
            ),
            What::Difference { a, b } => format!(
                "{} (the difference between {} {} and {} {})",
                show(v),
                a.0,
                a.1,
                b.0,
                b.1
            ),
            What::Total { count } => format!("{} (the sum of the {count} figures named)", show(v)),
            What::Change { metric, from, to } => format!("{v:+.0}% for {metric} ({from} → {to})"),
            What::Stated {
                metric,
                since,
                year,
            } => format!("{v:+}% for {metric} ({since} → {year}, as stated)"),
            What::Share { metric, year } => format!("{}% for {metric} in {year}", show(v)),
            What::Part { part, whole, year } => format!("{v:.0}% ({part} of {whole} in {year})"),
        }
    }

    /// The shortcode that writes it, when one does.
    pub fn shortcode(&self, doc_year: Option<i32>) -> Option<String> {
        let year_arg = |year: i32| {
            if Some(year) == doc_year {
                String::new()
            } else {
                format!(", year={year}")
            }
        };
        Some(match self.what {
            What::Value { metric, year } | What::Share { metric, year } => {
                format!("{{{{ figure(id=\"{metric}\"{}) }}}}", year_arg(year))
            }
            What::Other {
                metric,
                year,
                source,
            } => format!("{{{{ figure(id=\"{metric}\", year={year}, source=\"{source}\") }}}}"),
            What::Change { metric, from, to } => {
                let since = if from == to - 1 {
                    String::new()
                } else {
                    format!(", since={from}")
                };
                format!("{{{{ change(id=\"{metric}\"{}{since}) }}}}", year_arg(to))
            }
            What::Stated {
                metric,
                since,
                year,
            } => format!(
                "{{{{ change(id=\"{metric}\"{}, since={since}) }}}}",
                year_arg(year)
            ),
            What::Sum { .. } | What::Difference { .. } | What::Total { .. } | What::Part { .. } => {
                return None
            }
        })
    }

    pub fn has_shortcode(&self) -> bool {
        !matches!(
            self.what,
            What::Sum { .. } | What::Difference { .. } | What::Total { .. } | What::Part { .. }
        )
    }
}

/// What a sentence offers the numbers in it.
pub struct Context<'a> {
    pub tied: &'a [&'a Metric],
    /// The document's year (if any) and every year the sentence names.
    pub years: &'a [i32],
    pub data: &'a Dataset,
    /// The sources (publication slugs, free text) the sentence names.
    pub names_source: &'a dyn Fn(&str) -> bool,
}

/// The values a count may be: a tied metric's value in a year in play, another source's
/// value when the sentence names that source, a sum or difference of them.
pub fn count_candidates<'a>(cx: &Context<'a>) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    let values: Vec<(&'a Metric, i32, f64)> = cx
        .tied
        .iter()
        .flat_map(|m| {
            cx.years
                .iter()
                .filter_map(move |&y| cx.data.value(&m.id, y).map(|v| (*m, y, v)))
        })
        .collect();
    for &(m, y, v) in &values {
        if !m.is_share() {
            out.push(Candidate {
                value: v,
                signed: false,
                what: What::Value {
                    metric: &m.id,
                    year: y,
                },
            });
        }
        for o in cx
            .data
            .figure(&m.id, y)
            .map(|f| f.other_sources.as_slice())
            .unwrap_or_default()
        {
            if (cx.names_source)(&o.source) {
                out.push(Candidate {
                    value: o.value,
                    signed: false,
                    what: What::Other {
                        metric: &m.id,
                        year: y,
                        source: &o.source,
                    },
                });
            }
        }
    }
    // Sums and differences of two values the sentence names (same unit kind), and the
    // sum of all of them.
    for (i, &(a, ya, va)) in values.iter().enumerate() {
        for &(b, yb, vb) in &values[i + 1..] {
            if a.is_share() != b.is_share() {
                continue;
            }
            let (a, b) = ((a.id.as_str(), ya), (b.id.as_str(), yb));
            if !values[i].0.is_share() {
                out.push(Candidate {
                    value: va + vb,
                    signed: false,
                    what: What::Sum { a, b },
                });
            }
            out.push(Candidate {
                value: (va - vb).abs(),
                signed: false,
                what: What::Difference { a, b },
            });
        }
    }
    let counts: Vec<f64> = values
        .iter()
        .filter(|(m, ..)| !m.is_share())
        .map(|v| v.2)
        .collect();
    if counts.len() > 2 {
        out.push(Candidate {
            value: counts.iter().sum(),
            signed: false,
            what: What::Total {
                count: counts.len(),
            },
        });
    }
    out
}

/// The percentages a number with `%` may be: a change of a tied metric between years in
/// play (computed, or as the source states it), a share's value, or one named value as a
/// share of another in the same year.
pub fn percent_candidates<'a>(cx: &Context<'a>) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    for m in cx.tied {
        for &y in cx.years {
            if let Some(c) = cx.data.change(&m.id, y) {
                push_change(&mut out, m, &c);
            }
            let stated = cx.data.figure(&m.id, y).and_then(|f| f.stated_change);
            if let Some(s) = stated.filter(|s| cx.data.break_between(&m.id, s.since, y).is_none()) {
                out.push(Candidate {
                    value: s.percent,
                    signed: true,
                    what: What::Stated {
                        metric: &m.id,
                        since: s.since,
                        year: y,
                    },
                });
            }
            for &earlier in cx.years.iter().filter(|e| **e < y - 1) {
                if let Some(c) = cx.data.change_since(&m.id, y, earlier) {
                    push_change(&mut out, m, &c);
                }
            }
            if m.is_share() {
                if let Some(v) = cx.data.value(&m.id, y) {
                    out.push(Candidate {
                        value: v,
                        signed: false,
                        what: What::Share {
                            metric: &m.id,
                            year: y,
                        },
                    });
                }
            }
        }
    }
    // A part of a whole: 276 of 370 is 75%.
    for a in cx.tied.iter().filter(|m| !m.is_share()) {
        for b in cx.tied.iter().filter(|m| !m.is_share() && m.id != a.id) {
            for &y in cx.years {
                if let (Some(va), Some(vb)) = (cx.data.value(&a.id, y), cx.data.value(&b.id, y)) {
                    if vb > 0.0 && va < vb {
                        out.push(Candidate {
                            value: va / vb * 100.0,
                            signed: false,
                            what: What::Part {
                                part: &a.id,
                                whole: &b.id,
                                year: y,
                            },
                        });
                    }
                }
            }
        }
    }
    out
}

fn push_change<'a>(out: &mut Vec<Candidate<'a>>, m: &'a Metric, c: &Change) {
    if let Some(p) = c.percent {
        out.push(Candidate {
            value: p,
            signed: true,
            what: What::Change {
                metric: &m.id,
                from: c.from_year,
                to: c.to_year,
            },
        });
    }
}

/// A value as the messages write it: whole numbers without decimals.
pub fn show(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{}", (v * 100.0).round() / 100.0)
    }
}

/// Whether the typed `number` (read as `value`) is the candidate, under the bound the
/// words before it set and the direction the sentence gives a change.
pub fn fits(
    number: &Number,
    value: f64,
    bound: Bound,
    direction: Option<Direction>,
    c: &Candidate,
) -> bool {
    if c.signed {
        let sign = number.sign.or(direction.map(Direction::is_rise));
        let target = match sign {
            Some(true) => c.value,
            Some(false) => -c.value,
            None => c.value.abs(),
        };
        if let Some(Direction::Times(f)) = direction {
            if !times_fits(f, c.value) {
                return false;
            }
        }
        return match bound {
            Bound::Exact => agrees(value, target),
            _ => bounded(value, target.abs(), bound) && sign.is_none_or(|s| (c.value > 0.0) == s),
        };
    }
    match bound {
        Bound::Exact => {
            // As precise as typed: 84,5 is 84.5, 85 is anything that rounds to 85.
            let decimals = number
                .digits
                .rsplit([',', '.'])
                .next()
                .filter(|_| value.fract() != 0.0)
                .map_or(0, str::len) as i32;
            let step = 10f64.powi(-decimals);
            (c.value - value).abs() < step / 2.0 + 1e-9
        }
        _ => bounded(value, c.value, bound),
    }
}

/// `meer dan 800` fits 867; `bijna 900` fits 867; `ongeveer 850` fits 867.
fn bounded(typed: f64, actual: f64, bound: Bound) -> bool {
    match bound {
        Bound::Above => actual >= typed && actual <= typed * 1.25,
        Bound::Below => actual <= typed && actual >= typed * 0.8,
        Bound::About => (actual - typed).abs() <= typed.abs() * 0.1,
        Bound::Exact => actual == typed,
    }
}

/// Whether a change of `percent` is about `factor` times (doubled: +100%, give or take a
/// fifth of the factor).
pub fn times_fits(factor: f64, percent: f64) -> bool {
    let ratio = 1.0 + percent / 100.0;
    (ratio - factor).abs() <= factor * 0.2
}

/// The candidate nearest the typed value, for the hint.
pub fn nearest<'c, 'a>(value: f64, candidates: &'c [Candidate<'a>]) -> Option<&'c Candidate<'a>> {
    candidates.iter().min_by(|a, b| {
        let d = |c: &Candidate| (c.value.abs() - value.abs()).abs();
        d(a).total_cmp(&d(b))
    })
}

/// A comparison the sentence may make that crosses a break in a series, said in words: no
/// change is computed there (derive's rule), so a percentage for it has no figure.
pub fn crossed_break(cx: &Context) -> Option<String> {
    for m in cx.tied {
        for &y in cx.years {
            let earlier = std::iter::once(y - 1).chain(cx.years.iter().copied().filter(|e| *e < y));
            for from in earlier {
                if let Some(at) = cx.data.break_between(&m.id, from, y) {
                    return Some(format!(
                        "no change: `{}` counts differently from {at} on (`break` in figures.yaml), so {from} and {y} are not comparable",
                        m.id
                    ));
                }
            }
        }
    }
    None
}

/// The change a `change` shortcode shows, as a signed percentage and in words: against
/// `since` when given (computed, or as the source states it for that year), else the
/// data's change for the year, else the source's stated change. This follows what
/// `render/shortcodes.rs` expands; both read the same [`Dataset`].
pub fn shown_change(
    data: &Dataset,
    id: &str,
    year: i32,
    since: Option<i32>,
) -> Option<(f64, String)> {
    let stated = data.figure(id, year).and_then(|f| f.stated_change);
    let computed = |c: Change| {
        c.percent
            .map(|p| (p, format!("{p:+.0}% ({} → {})", c.from_year, c.to_year)))
    };
    let as_stated = |st: crate::model::StatedChange| {
        (
            st.percent,
            format!("{:+}% ({} → {year}, as stated)", st.percent, st.since),
        )
    };
    match since {
        Some(since) => match data.change_since(id, year, since) {
            Some(c) => computed(c),
            None => stated.filter(|st| st.since == since).map(as_stated),
        },
        // The same rule as the shortcode: derive's, in one place.
        None => match data.previous_year_change(id, year).ok()? {
            ShownChange::Computed(c) => computed(c),
            ShownChange::Stated(st) => Some(as_stated(st)),
        },
    }
}
