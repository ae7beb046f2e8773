//! Generates a synthetic, valid jaarverslag site of a chosen size, for benchmarks.
//!
//!     cargo run --release --example synth -- --years 10 --metrics 50 --publications 100 OUT
//!
//! Writes `OUT/content/` in the project's own content format (see README.md, "Content
//! model"): site.yaml with five themes (each with a `compare` group of metrics of one
//! unit) and an event; metrics.yaml with the metrics spread over the themes; one folder per
//! year (ending at `--last-year`, 2025 by default) with figures.yaml and report.md; the
//! publications (about 8 KB of Markdown each); and three pages.
//!
//! Everything is valid for `jaarverslag build` and `jaarverslag check`:
//! - values are whole positive numbers (shares, unit `%`, stay between 1 and 99), with
//!   deterministic gaps; every figure's `source` is an existing publication;
//! - `figure` shortcodes only name a metric with a value that year, `change` only one that
//!   also has an earlier value, `chart` only a metric with at least two values;
//! - internal links are root-relative and point at pages that exist (`/cijfers/<id>/`,
//!   `/themas/<id>/`, `/<year>/`, `/publicaties/<slug>/`, the pages);
//! - the prose types no numbers other than years, so the prose check has nothing to judge
//!   (the numbers come from shortcodes, as the README recommends).
//!
//! The output depends only on the arguments: a fixed-seed hash stands in for randomness,
//! and nothing reads the clock or iterates a hash map. OUT must be empty or absent, unless
//! `--force` is given: then OUT/content/ is replaced and the rest of OUT left alone.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: synth --years Y --metrics M --publications P [--last-year YYYY] [--force] OUT";

struct Args {
    years: usize,
    metrics: usize,
    publications: usize,
    last_year: i32,
    force: bool,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut years = None;
    let mut metrics = None;
    let mut publications = None;
    let mut last_year = 2025;
    let mut force = false;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    let number = |name: &str, v: Option<String>| -> Result<usize, String> {
        let v = v.ok_or_else(|| format!("{name} needs a value"))?;
        v.parse::<usize>()
            .map_err(|_| format!("{name}: `{v}` is not a whole number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--years" => years = Some(number("--years", args.next())?),
            "--metrics" => metrics = Some(number("--metrics", args.next())?),
            "--publications" => publications = Some(number("--publications", args.next())?),
            "--last-year" => last_year = number("--last-year", args.next())? as i32,
            "--force" => force = true,
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            s => {
                if out.replace(PathBuf::from(s)).is_some() {
                    return Err("give one output folder".into());
                }
            }
        }
    }
    let args = Args {
        years: years.ok_or("--years is required")?,
        metrics: metrics.ok_or("--metrics is required")?,
        publications: publications.ok_or("--publications is required")?,
        last_year,
        force,
        out: out.ok_or("the output folder is required")?,
    };
    if !(2..=1000).contains(&args.years) {
        return Err("--years must be between 2 and 1000".into());
    }
    if args.metrics == 0 || args.publications == 0 {
        return Err("--metrics and --publications must be at least 1".into());
    }
    let first = args.last_year - args.years as i32 + 1;
    if first < 1900 || args.last_year > 2999 {
        return Err("the years must lie between 1900 and 2999".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("synth: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(n) => {
            println!(
                "synth: wrote {n} files into {} ({} years, {} metrics, {} publications)",
                args.out.join("content").display(),
                args.years,
                args.metrics,
                args.publications
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e:#}");
            ExitCode::from(1)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Deterministic "randomness": a hash of the item's coordinates (SplitMix64's finaliser).

const SEED: u64 = 0x6a61_6172_7665_726c; // "jaarverl"

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A pseudo-random number for a tuple of coordinates.
fn h(parts: &[u64]) -> u64 {
    parts.iter().fold(SEED, |acc, &p| mix(acc ^ mix(p)))
}

/// A float in [0, 1) for a tuple of coordinates.
fn unit(parts: &[u64]) -> f64 {
    (h(parts) >> 11) as f64 / (1u64 << 53) as f64
}

fn pick<'a>(list: &[&'a str], parts: &[u64]) -> &'a str {
    list[(h(parts) % list.len() as u64) as usize]
}

// Salts, so that different uses of the same coordinates do not correlate.
const S_BASE: u64 = 1;
const S_WALK: u64 = 2;
const S_GAP: u64 = 3;
const S_SOURCE: u64 = 4;
const S_STATED: u64 = 5;
const S_NOTE: u64 = 6;
const S_TEXT: u64 = 7;
const S_DATE: u64 = 8;
const S_PICK: u64 = 9;
const S_THEMES: u64 = 10;

// ---------------------------------------------------------------------------------------
// The model.

struct Theme {
    id: &'static str,
    label: &'static str,
    description: &'static str,
    /// Qualifiers for metric labels ("Meldingen over weglopers").
    topics: &'static [&'static str],
}

const THEMES: [Theme; 5] = [
    Theme {
        id: "verdwijningen",
        label: "Verdwijningen",
        description:
            "Weglopers, internationale kinderontvoeringen en vermiste niet-begeleide minderjarigen.",
        topics: &[
            "over weglopers",
            "over ontvoeringen",
            "over vermiste jongeren",
            "over ouderlijke ontvoering",
            "over verdwijningen uit voorzieningen",
            "over niet-begeleide minderjarigen",
            "over grensoverschrijdende zaken",
            "over teruggevonden kinderen",
            "over langdurige verdwijningen",
            "over herhaalde verdwijningen",
        ],
    },
    Theme {
        id: "seksuele-uitbuiting",
        label: "Seksuele uitbuiting",
        description:
            "Uitbuiting van minderjarigen, tienerpooiers en beelden van seksueel misbruik.",
        topics: &[
            "over uitbuiting",
            "over tienerpooiers",
            "over misbruikbeelden",
            "over prostitutie van minderjarigen",
            "over mensenhandel",
            "over kindersekstoerisme",
            "over online uitbuiting",
            "over rekrutering",
            "over slachtofferhulp",
            "over meldpunten",
        ],
    },
    Theme {
        id: "online-veiligheid",
        label: "Online veiligheid",
        description:
            "Grooming, sexting, sextortion en andere vragen over het internetgebruik van jongeren.",
        topics: &[
            "over grooming",
            "over sexting",
            "over sextortion",
            "over cyberpesten",
            "over privacy",
            "over sociale media",
            "over gaming",
            "over desinformatie",
            "over online fraude",
            "over schermtijd",
        ],
    },
    Theme {
        id: "preventie",
        label: "Preventie",
        description:
            "Opleidingen, campagnes en projecten die verdwijningen en uitbuiting helpen voorkomen.",
        topics: &[
            "in scholen",
            "voor leerkrachten",
            "voor ouders",
            "voor jeugdwerkers",
            "voor politiediensten",
            "in voorzieningen",
            "voor vrijwilligers",
            "in gemeenten",
            "voor zorgverleners",
            "voor sportclubs",
        ],
    },
    Theme {
        id: "hulplijn",
        label: "Hulplijn",
        description: "Oproepen, chats en e-mails aan de hulplijn, dag en nacht bereikbaar.",
        topics: &[
            "via de telefoon",
            "via de chat",
            "via e-mail",
            "van ouders",
            "van jongeren",
            "van professionals",
            "buiten de kantooruren",
            "in het weekend",
            "in het Frans",
            "in het Engels",
        ],
    },
];

const NOUNS: [&str; 25] = [
    "Meldingen",
    "Dossiers",
    "Oproepen",
    "Gesprekken",
    "Aanvragen",
    "Opsporingen",
    "Doorverwijzingen",
    "Adviezen",
    "Begeleidingen",
    "Interventies",
    "Vragen",
    "Contacten",
    "Onderzoeken",
    "Analyses",
    "Opleidingen",
    "Sessies",
    "Workshops",
    "Bezoeken",
    "Campagnes",
    "Signalementen",
    "Verwijderingsverzoeken",
    "Bemiddelingen",
    "Klachten",
    "Chats",
    "Opvolgingen",
];

/// Suffixes for labels once every noun and topic of a theme is used.
const ROUNDS: [&str; 8] = [
    "",
    "(regionaal)",
    "(nationaal)",
    "(Vlaanderen)",
    "(Wallonie)",
    "(Brussel)",
    "(Europees)",
    "(proefproject)",
];

const UNITS: [&str; 4] = ["dossiers", "nieuwe dossiers", "meldingen", "contacten"];

/// The theme's default kinds (model::DEFAULT_KINDS): the synthetic site declares none.
const KINDS: [&str; 4] = ["report", "press-release", "article", "other"];

struct Metric {
    id: String,
    label: String,
    theme: usize,
    unit: &'static str,
    headline: bool,
}

struct Publication {
    slug: String,
    kind: &'static str,
    year: usize, // index into the years
    themes: Vec<usize>,
}

struct Model {
    years: Vec<i32>,
    metrics: Vec<Metric>,
    /// values[metric][year index]
    values: Vec<Vec<Option<u64>>>,
    publications: Vec<Publication>,
    /// Publication indices per year index.
    by_year: Vec<Vec<usize>>,
    /// Metric indices per theme.
    by_theme: Vec<Vec<usize>>,
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn build_model(args: &Args) -> Model {
    let first = args.last_year - args.years as i32 + 1;
    let years: Vec<i32> = (first..=args.last_year).collect();
    let ny = years.len();

    let mut metrics = Vec::with_capacity(args.metrics);
    let mut by_theme: Vec<Vec<usize>> = vec![Vec::new(); THEMES.len()];
    for i in 0..args.metrics {
        let t = i % THEMES.len();
        let k = i / THEMES.len(); // index within the theme
        let theme = &THEMES[t];
        let per_round = NOUNS.len() * theme.topics.len();
        let noun = NOUNS[k % NOUNS.len()];
        let topic = theme.topics[(k / NOUNS.len()) % theme.topics.len()];
        let round = k / per_round;
        let mut label = format!("{noun} {topic}");
        if round > 0 {
            let suffix = ROUNDS[round % ROUNDS.len()];
            if !suffix.is_empty() {
                let _ = write!(label, " {suffix}");
            }
            if round >= ROUNDS.len() {
                // Beyond every suffix (over 6000 metrics): letters keep ids unique.
                let mut n = round / ROUNDS.len();
                let mut letters = String::new();
                while n > 0 {
                    letters.push((b'a' + (n % 26) as u8) as char);
                    n /= 26;
                }
                let _ = write!(label, " reeks {letters}");
            }
        }
        // Every twelfth metric of a theme is a share; the others are counts.
        let unit = if k % 12 == 11 {
            "%"
        } else {
            UNITS[k % UNITS.len()]
        };
        metrics.push(Metric {
            id: kebab(&label),
            label,
            theme: t,
            unit,
            headline: k == 0,
        });
        by_theme[t].push(i);
    }

    // Values: a random walk per metric, with gaps.
    let mut values = Vec::with_capacity(metrics.len());
    for (i, m) in metrics.iter().enumerate() {
        let i = i as u64;
        let share = m.unit == "%";
        // Some metrics start later than the first year.
        let start = if i % 7 == 3 {
            (1 + i as usize % 4).min(ny - 2)
        } else {
            0
        };
        let mut v: f64 = if share {
            5.0 + (h(&[S_BASE, i]) % 60) as f64
        } else {
            20.0 + (h(&[S_BASE, i]) % 5000) as f64
        };
        let mut row = Vec::with_capacity(ny);
        for t in 0..ny {
            let step = 0.86 + 0.32 * unit(&[S_WALK, i, t as u64]);
            v *= step;
            v = if share {
                v.clamp(1.0, 99.0)
            } else {
                v.max(1.0)
            };
            let gap = t < start || (t > 0 && h(&[S_GAP, i, t as u64]).is_multiple_of(11));
            row.push((!gap).then_some(v.round() as u64));
        }
        // At least two values per metric, so that every metric has a chart.
        if row.iter().flatten().count() < 2 {
            row[ny - 1].get_or_insert(v.round() as u64);
            row[ny - 2].get_or_insert(v.round().max(1.0) as u64);
        }
        values.push(row);
    }

    let mut publications = Vec::with_capacity(args.publications);
    let mut by_year: Vec<Vec<usize>> = vec![Vec::new(); ny];
    for j in 0..args.publications {
        let year = j % ny;
        let kind = KINDS[(j / ny) % KINDS.len()];
        let n_themes = 1 + (h(&[S_THEMES, j as u64]) % 3) as usize;
        let first_theme = (h(&[S_THEMES, j as u64, 1]) % THEMES.len() as u64) as usize;
        let mut themes: Vec<usize> = (0..n_themes)
            .map(|d| (first_theme + d) % THEMES.len())
            .collect();
        themes.sort_unstable();
        publications.push(Publication {
            slug: format!("{kind}-{}-{}", years[year], j + 1),
            kind,
            year,
            themes,
        });
        by_year[year].push(j);
    }

    Model {
        years,
        metrics,
        values,
        publications,
        by_year,
        by_theme,
    }
}

impl Model {
    fn value(&self, m: usize, t: usize) -> Option<u64> {
        self.values[m][t]
    }

    /// The source of a figure: a publication about that year when there is one.
    fn source(&self, m: usize, t: usize) -> &str {
        let r = h(&[S_SOURCE, m as u64, t as u64]) as usize;
        let list = &self.by_year[t];
        let j = if list.is_empty() {
            r % self.publications.len()
        } else {
            list[r % list.len()]
        };
        &self.publications[j].slug
    }

    /// Up to `n` metrics of a theme with a value in year `t` (and an earlier value, when
    /// `with_change`), chosen deterministically from `salt`.
    fn metrics_with_value(
        &self,
        theme: usize,
        t: usize,
        with_change: bool,
        n: usize,
        salt: &[u64],
    ) -> Vec<usize> {
        let list = &self.by_theme[theme];
        if list.is_empty() {
            return Vec::new();
        }
        let offset = (h(salt) % list.len() as u64) as usize;
        let mut out = Vec::new();
        for d in 0..list.len() {
            let m = list[(offset + d) % list.len()];
            // `change(id)` compares with the previous calendar year: only where it has a value.
            let has_previous_year = t > 0 && self.value(m, t - 1).is_some();
            if self.value(m, t).is_some() && (!with_change || has_previous_year) {
                out.push(m);
                if out.len() == n {
                    break;
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Text. No digits other than years: the numbers come from shortcodes.

const SENTENCES: [&str; 24] = [
    "Het werk rond {t} vraagt een lange adem en een goede samenwerking met politie, parket en jeugdhulp.",
    "Achter elk dossier zit een kind of een jongere, en vaak een gezin dat zich grote zorgen maakt.",
    "De cijfers zeggen niet alles: niet elke situatie wordt gemeld, en een melding is geen telling van kinderen.",
    "Daarom blijft de organisatie investeren in opleiding, sensibilisering en een goede registratie.",
    "Professionals uit het onderwijs en de jeugdzorg vragen steeds vaker om advies over {t}.",
    "Ook in {y} bleek hoe belangrijk een snelle en gecoördineerde aanpak is wanneer een kind verdwijnt.",
    "De hulplijn blijft dag en nacht bereikbaar, voor ouders, voor jongeren en voor wie zich zorgen maakt.",
    "Vrijwilligers spelen een grote rol: zij verspreiden opsporingsberichten en ondersteunen de campagnes.",
    "Wie de reeksen over de jaren volgt, ziet dat de vragen veranderen met het internetgebruik van jongeren.",
    "Bij {t} gaat het vaak om complexe situaties waarin meerdere diensten tegelijk betrokken zijn.",
    "De samenwerking met partners in het buitenland is nodig omdat veel zaken de grens overschrijden.",
    "Jongeren zelf nemen steeds vaker contact op, wat wijst op een groeiend vertrouwen in de hulplijn.",
    "Een goede definitie van wat geteld wordt, maakt de reeksen van jaar tot jaar vergelijkbaar.",
    "Het jaarverslag over {y} beschrijft die evolutie in detail, thema per thema.",
    "Preventie blijft de sleutel: wie de signalen kent, kan sneller en gerichter reageren.",
    "Ouders zoeken vooral houvast: wat kunnen ze doen, wie kunnen ze bellen, en wat gebeurt er daarna.",
    "De organisatie vraagt structurele middelen om dit werk ook op lange termijn te kunnen doen.",
    "Beleidsmakers krijgen concrete aanbevelingen, gebaseerd op wat de dossiers leren over {t}.",
    "Elke zaak wordt opgevolgd tot er een oplossing is, ook wanneer dat maanden duurt.",
    "Onderzoekers gebruiken de cijfers om trends te beschrijven, met de nodige voorzichtigheid.",
    "Het is belangrijk om niet alleen naar aantallen te kijken, maar ook naar de ernst van de situaties.",
    "In veel gevallen is een eerste gesprek al genoeg om een jongere weer op weg te helpen.",
    "De ervaring van de medewerkers is daarbij even waardevol als de cijfers zelf.",
    "Scholen, sportclubs en jeugdbewegingen zijn belangrijke partners om kinderen te bereiken.",
];

const SECTION_TITLES: [&str; 12] = [
    "Context",
    "Wat de cijfers tonen",
    "Achtergrond",
    "Aanbevelingen",
    "Werkwijze",
    "Samenwerking",
    "Vooruitblik",
    "Getuigenissen",
    "Methodologie",
    "Beleid",
    "Internationale context",
    "Conclusie",
];

const LIST_ITEMS: [&str; 10] = [
    "een betere registratie bij politie en justitie",
    "structurele financiering van de hulplijn",
    "meer opleiding voor leerkrachten en jeugdwerkers",
    "aangepaste opvangplaatsen in de jeugdhulp",
    "een snellere uitwisseling van informatie tussen diensten",
    "aandacht voor de stem van jongeren zelf",
    "duidelijke afspraken met de platformen",
    "langdurige ondersteuning van gezinnen",
    "een blijvende sensibilisering van het brede publiek",
    "onderzoek naar de oorzaken en de gevolgen",
];

const NOTES: [&str; 4] = [
    "Het cijfer telt dossiers, geen kinderen.",
    "De bron rondt niet af.",
    "Na een herziening van de registratie in dat jaar.",
    "Voorlopig cijfer, zoals de bron het gaf.",
];

/// The `k`-th of a run of distinct entries of `list`, starting where `parts` says (the
/// stride 7 is coprime with the lengths used, so a run repeats nothing).
fn distinct<'a>(list: &[&'a str], parts: &[u64], k: usize) -> &'a str {
    list[((h(parts) as usize % list.len()) + 7 * k) % list.len()]
}

fn fill(template: &str, theme: &Theme, year: i32) -> String {
    template
        .replace("{t}", &theme.label.to_lowercase())
        .replace("{y}", &year.to_string())
}

fn sentence(parts: &[u64], theme: &Theme, year: i32) -> String {
    fill(pick(&SENTENCES, parts), theme, year)
}

/// A paragraph of `n` different sentences.
fn paragraph(out: &mut String, salt: &[u64], n: usize, theme: &Theme, year: i32) {
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(&fill(distinct(&SENTENCES, salt, k), theme, year));
    }
    out.push_str("\n\n");
}

/// A YAML double-quoted string (valid JSON too).
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------
// Files.

fn site_yaml(model: &Model) -> String {
    let mut s = String::new();
    s.push_str("# Generated by examples/synth.rs: a synthetic site for benchmarks.\n");
    s.push_str("title: Synthetisch jaarverslag\n");
    s.push_str("description: Een gegenereerde site om de generator te meten.\n");
    s.push_str("base_url: https://example.org/jaarverslag/\n");
    s.push_str("language: nl\n");
    s.push_str("organisation:\n  name: Voorbeeldorganisatie\n  url: https://example.org/\n");
    s.push_str("themes:\n");
    for (t, theme) in THEMES.iter().enumerate() {
        let _ = writeln!(
            s,
            "  - id: {}\n    label: {}\n    description: {}",
            theme.id,
            q(theme.label),
            q(theme.description)
        );
        // Up to three metrics of the theme with the first count unit.
        let group: Vec<&str> = model.by_theme[t]
            .iter()
            .map(|&m| &model.metrics[m])
            .filter(|m| m.unit == UNITS[0])
            .take(3)
            .map(|m| m.id.as_str())
            .collect();
        if group.len() >= 2 {
            let _ = writeln!(
                s,
                "    compare:\n      - title: {}\n        metrics: [{}]",
                q(&format!("{} per soort", theme.label)),
                group.join(", ")
            );
        }
    }
    let ny = model.years.len();
    let from = model.years[ny * 3 / 5];
    let to = (from + 1).min(*model.years.last().unwrap());
    let _ = writeln!(
        s,
        "events:\n  - label: Lockdowns\n    from: {from}\n    to: {to}\n    themes: [{}, {}]",
        THEMES[0].id, THEMES[2].id
    );
    s
}

fn metrics_yaml(model: &Model) -> String {
    let mut s = String::from("# Generated by examples/synth.rs.\n");
    for m in &model.metrics {
        let theme = &THEMES[m.theme];
        let _ = writeln!(s, "- id: {}", m.id);
        let _ = writeln!(s, "  label: {}", q(&m.label));
        let _ = writeln!(s, "  theme: {}", theme.id);
        let _ = writeln!(s, "  unit: {}", q(m.unit));
        let what = if m.unit == "%" {
            format!(
                "Aandeel van de dossiers rond {}.",
                theme.label.to_lowercase()
            )
        } else {
            format!(
                "{} in een jaar, binnen het thema {}.",
                m.label,
                theme.label.to_lowercase()
            )
        };
        let _ = writeln!(s, "  description: {}", q(&what));
        let _ = writeln!(
            s,
            "  definition: |\n    Telt wat de organisatie in het jaar zelf registreerde. Dossiers uit vroegere\n    jaren tellen niet mee; zie de [methodologie](/methodologie/)."
        );
        if m.headline {
            s.push_str("  headline: true\n");
        }
    }
    s
}

fn figures_yaml(model: &Model, t: usize) -> String {
    let year = model.years[t];
    let mut s = format!("# Generated by examples/synth.rs: the figures of {year}.\n");
    for (m, metric) in model.metrics.iter().enumerate() {
        let Some(v) = model.value(m, t) else { continue };
        let _ = writeln!(
            s,
            "{}:\n  value: {v}\n  source: {}",
            metric.id,
            model.source(m, t)
        );
        let salt = h(&[S_NOTE, m as u64, t as u64]);
        if salt.is_multiple_of(17) {
            let _ = writeln!(
                s,
                "  note: {}",
                q(NOTES[(salt / 17 % NOTES.len() as u64) as usize])
            );
        }
        // Sometimes the change as a source states it: computed from the data, so it agrees.
        if metric.unit != "%" && t > 0 && h(&[S_STATED, m as u64, t as u64]).is_multiple_of(20) {
            if let Some(prev) = model.value(m, t - 1).filter(|p| *p > 0) {
                let percent = ((v as f64 - prev as f64) / prev as f64 * 100.0).round() as i64;
                let _ = writeln!(
                    s,
                    "  stated_change:\n    percent: {percent}\n    since: {}",
                    year - 1
                );
            }
        }
    }
    s
}

fn report_md(model: &Model, t: usize) -> String {
    let year = model.years[t];
    let sources: Vec<&str> = model.by_year[t]
        .iter()
        .take(2)
        .map(|&j| model.publications[j].slug.as_str())
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        "---\ntitle: Jaarverslag {year}\ndate: {}-05-10\nsummary: {}\nsources: [{}]\n---\n",
        year + 1,
        q(&format!("De cijfers van {year}, thema per thema.")),
        sources.join(", ")
    );
    let first = &THEMES[t % THEMES.len()];
    paragraph(&mut s, &[S_TEXT, 1, t as u64], 3, first, year);
    let mut chart_done = false;
    for (ti, theme) in THEMES.iter().enumerate().take(4) {
        let shown = model.metrics_with_value(ti, t, false, 1, &[S_PICK, 1, t as u64, ti as u64]);
        let changed = model.metrics_with_value(ti, t, true, 1, &[S_PICK, 2, t as u64, ti as u64]);
        if shown.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {}\n", theme.label);
        for &m in &shown {
            let metric = &model.metrics[m];
            let _ = write!(
                s,
                "In {year} registreerde de organisatie {{{{ figure(id=\"{}\") }}}} in de reeks [{}](/cijfers/{}/). ",
                metric.id,
                metric.label.to_lowercase(),
                metric.id
            );
        }
        for &m in &changed {
            let metric = &model.metrics[m];
            let _ = write!(
                s,
                "Voor {} is de verandering {{{{ change(id=\"{}\") }}}}. ",
                metric.label.to_lowercase(),
                metric.id
            );
        }
        s.push_str("\n\n");
        paragraph(&mut s, &[S_TEXT, 2, t as u64, ti as u64], 1, theme, year);
        if !chart_done {
            let _ = writeln!(
                s,
                "{{{{ chart(id=\"{}\") }}}}\n",
                model.metrics[shown[0]].id
            );
            chart_done = true;
        }
        let _ = writeln!(
            s,
            "Meer over dit thema staat op de pagina [{}](/themas/{}/).\n",
            theme.label, theme.id
        );
    }
    s
}

fn publication_md(model: &Model, j: usize) -> String {
    let p = &model.publications[j];
    let t = p.year;
    let year = model.years[t];
    let np = model.publications.len();
    let theme = &THEMES[p.themes[0]];
    let kind_title = match p.kind {
        "persbericht" => "Persbericht",
        "memorandum" => "Memorandum",
        "parlementaire-vraag" => "Parlementaire vraag",
        _ => "Cijferrapport",
    };
    let month = 1 + h(&[S_DATE, j as u64]) % 12;
    let day = 1 + h(&[S_DATE, j as u64, 1]) % 28;
    let themes: Vec<&str> = p.themes.iter().map(|&i| THEMES[i].id).collect();
    let mut s = String::with_capacity(9000);
    let _ = write!(
        s,
        "---\ntitle: {}\ndate: {}-{month:02}-{day:02}\nkind: {}\nthemes: [{}]\nyear: {year}\nsummary: {}\norigin: {}\n---\n",
        q(&format!("{kind_title} over {} in {year}", theme.label.to_lowercase())),
        year + 1,
        p.kind,
        themes.join(", "),
        q(&format!("Wat de cijfers van {year} zeggen over {}.", theme.label.to_lowercase())),
        q(&format!("{kind_title} van de Voorbeeldorganisatie"))
    );
    // Intro with links to the year and the theme.
    let _ = write!(
        s,
        "Deze publicatie hoort bij het [jaarverslag {year}](/{year}/) en gaat over het thema [{}](/themas/{}/). ",
        theme.label.to_lowercase(),
        theme.id
    );
    paragraph(&mut s, &[S_TEXT, 10, j as u64], 4, theme, year);

    // The numbers of the year, from shortcodes.
    let shown = model.metrics_with_value(p.themes[0], t, false, 2, &[S_PICK, 10, j as u64]);
    let changed = model.metrics_with_value(p.themes[0], t, true, 1, &[S_PICK, 11, j as u64]);
    if !shown.is_empty() {
        s.push_str("## De cijfers\n\n");
        for &m in &shown {
            let metric = &model.metrics[m];
            let _ = write!(
                s,
                "Voor [{}](/cijfers/{}/) geeft de organisatie {{{{ figure(id=\"{}\") }}}} op. ",
                metric.label.to_lowercase(),
                metric.id,
                metric.id
            );
        }
        for &m in &changed {
            let _ = write!(
                s,
                "De verandering tegenover het jaar voordien: {{{{ change(id=\"{}\") }}}}. ",
                model.metrics[m].id
            );
        }
        s.push_str("\n\n");
    }

    let mut section = 0u64;
    while s.len() < 7800 {
        let th = &THEMES[p.themes[section as usize % p.themes.len()]];
        let title = SECTION_TITLES
            [((h(&[S_TEXT, 11, j as u64]) + section) % SECTION_TITLES.len() as u64) as usize];
        let _ = writeln!(s, "## {title}\n");
        paragraph(&mut s, &[S_TEXT, 12, j as u64, section], 4, th, year);
        match section % 4 {
            0 => {
                s.push_str("De organisatie vraagt onder meer:\n\n");
                for i in 0..4 {
                    let _ = writeln!(
                        s,
                        "- {}",
                        distinct(&LIST_ITEMS, &[S_TEXT, 13, j as u64, section], i)
                    );
                }
                let other =
                    (j + 1 + (h(&[S_PICK, 12, j as u64, section]) as usize % np.max(2))) % np;
                // The link text has no digits but the year: the prose check reads it.
                let o = &model.publications[other];
                let _ = writeln!(
                    s,
                    "- een opvolging van [de publicatie over {}](/publicaties/{}/)\n",
                    model.years[o.year], o.slug
                );
            }
            1 => {
                // A table of the theme's series, linking to their pages.
                let ti = p.themes[section as usize % p.themes.len()];
                let rows =
                    model.metrics_with_value(ti, t, false, 4, &[S_PICK, 13, j as u64, section]);
                if !rows.is_empty() {
                    let _ = writeln!(
                        s,
                        "| Reeks | Thema | Waarde in {year} |\n| --- | --- | ---: |"
                    );
                    for &m in &rows {
                        let metric = &model.metrics[m];
                        let _ = writeln!(
                            s,
                            "| [{}](/cijfers/{}/) | [{}](/themas/{}/) | {{{{ figure(id=\"{}\") }}}} |",
                            metric.label, metric.id, THEMES[ti].label, THEMES[ti].id, metric.id
                        );
                    }
                    s.push('\n');
                }
            }
            2 => {
                let other_year = model.years[(t + model.years.len() - 1) % model.years.len()];
                let _ = writeln!(
                    s,
                    "Zie ook het [jaarverslag {other_year}](/{other_year}/), de [overzichtspagina met alle cijfers](/cijfers/) en de [publicaties](/publicaties/). Meer achtergrond geeft de [Europese hotline](https://www.example.org/hotline/{year}/) en het [verslag van de federale overheid](https://overheid.example.be/verslagen/{}).\n",
                    p.slug
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "> {}\n",
                    sentence(&[S_TEXT, 14, j as u64, section], th, year)
                );
            }
        }
        section += 1;
    }
    let _ = writeln!(s, "Lees ook de [methodologie](/methodologie/) en de [originele bron](https://example.org/bronnen/{}.pdf).", p.slug);
    s
}

fn pages(model: &Model) -> Vec<(&'static str, String)> {
    let last = *model.years.last().unwrap();
    let first_metric = &model.metrics[0];
    let mut out = Vec::new();
    let mut over = String::from(
        "---\ntitle: Over de organisatie\nsummary: Wie we zijn en wat we doen.\norder: 1\n---\n",
    );
    paragraph(&mut over, &[S_TEXT, 20], 5, &THEMES[0], last);
    over.push_str("## Thema's\n\n");
    for th in &THEMES {
        let _ = writeln!(
            over,
            "- [{}](/themas/{}/): {}",
            th.label, th.id, th.description
        );
    }
    let _ = writeln!(
        over,
        "\nDe website van de organisatie: <https://example.org/>."
    );
    out.push(("over", over));

    let mut method = String::from(
        "---\ntitle: Methodologie\nsummary: Hoe de cijfers tot stand komen.\norder: 2\n---\n",
    );
    paragraph(&mut method, &[S_TEXT, 21], 5, &THEMES[1], last);
    let _ = writeln!(
        method,
        "## Bronnen\n\nElk cijfer heeft een bron, een [publicatie](/publicaties/). Een voorbeeld is de reeks [{}](/cijfers/{}/).\n",
        first_metric.label.to_lowercase(),
        first_metric.id
    );
    paragraph(&mut method, &[S_TEXT, 22], 4, &THEMES[2], last);
    out.push(("methodologie", method));

    let mut colofon =
        String::from("---\ntitle: Colofon\nsummary: Wie deze site maakte.\norder: 3\n---\n");
    paragraph(&mut colofon, &[S_TEXT, 23], 3, &THEMES[3], last);
    let _ = writeln!(
        colofon,
        "Het meest recente [jaarverslag](/{last}/) en [alle cijfers](/cijfers/)."
    );
    out.push(("colofon", colofon));
    out
}

// ---------------------------------------------------------------------------------------

fn run(args: &Args) -> Result<usize> {
    let out = &args.out;
    if out.exists() {
        let non_empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some();
        if non_empty && !args.force {
            bail!(
                "{} is not empty: give an empty or new folder, or --force to replace {}",
                out.display(),
                out.join("content").display()
            );
        }
    }
    let content = out.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)
            .with_context(|| format!("cannot remove {}", content.display()))?;
    }
    let model = build_model(args);
    let mut written = 0usize;
    let mut write = |path: PathBuf, text: String| -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
        Ok(())
    };
    write(content.join("site.yaml"), site_yaml(&model))?;
    write(content.join("metrics.yaml"), metrics_yaml(&model))?;
    for t in 0..model.years.len() {
        let dir = content.join("years").join(model.years[t].to_string());
        write(dir.join("figures.yaml"), figures_yaml(&model, t))?;
        write(dir.join("report.md"), report_md(&model, t))?;
    }
    for j in 0..model.publications.len() {
        let path = Path::new("publications").join(format!("{}.md", model.publications[j].slug));
        write(content.join(path), publication_md(&model, j))?;
    }
    for (slug, text) in pages(&model) {
        write(content.join("pages").join(format!("{slug}.md")), text)?;
    }
    Ok(written)
}
