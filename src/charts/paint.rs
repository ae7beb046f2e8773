//! Chart colours that follow the reader's light or dark mode.
//!
//! plotters writes every colour as a presentation attribute (`fill="#1F4E79"`). Each one
//! of the palette also gets a class naming its role (`class="fill-s1"`), and CSS, which
//! outranks presentation attributes, sets the colour of each role:
//! - a chart inside a page takes its colours from the page's stylesheet
//!   (static/style.css: `--chart-*` variables, dark ones under `prefers-color-scheme`);
//! - a standalone chart file carries its own `<style>` with the dark colours
//!   ([`standalone`]), so it needs nothing else; the attributes keep the light colours
//!   where no CSS is read at all.

use super::svg::{AXIS, AXIS_TEXT, BAND, GRID, STYLES, TEXT};
use plotters::prelude::RGBColor;

/// A colour of the palette: its role (the class), its light colour (what plotters draws)
/// and its dark one.
pub(super) struct Paint {
    pub(super) role: &'static str,
    pub(super) light: RGBColor,
    pub(super) dark: RGBColor,
}

/// The page behind a chart in dark mode (static/style.css `--paper` in dark mode).
pub(super) const DARK_PAPER: RGBColor = RGBColor(0x16, 0x19, 0x1d);

/// Text keeps 4.5:1 against its paper in both modes, lines and series 3:1 (tested).
pub(super) const PAINTS: [Paint; 9] = [
    Paint {
        role: "text",
        light: TEXT,
        dark: RGBColor(0xe6, 0xe6, 0xe6),
    },
    Paint {
        role: "axis-text",
        light: AXIS_TEXT,
        dark: RGBColor(0xc4, 0xc4, 0xc4),
    },
    Paint {
        role: "axis",
        light: AXIS,
        dark: RGBColor(0x8f, 0x8f, 0x8f),
    },
    Paint {
        role: "grid",
        light: GRID,
        dark: RGBColor(0x3b, 0x40, 0x48),
    },
    Paint {
        role: "band",
        light: BAND,
        dark: RGBColor(0xb0, 0xb0, 0xb0),
    },
    Paint {
        role: "s1",
        light: STYLES[0].colour,
        dark: RGBColor(0x7f, 0xb8, 0xf0),
    },
    Paint {
        role: "s2",
        light: STYLES[1].colour,
        dark: RGBColor(0xf0, 0xa0, 0x70),
    },
    Paint {
        role: "s3",
        light: STYLES[2].colour,
        dark: RGBColor(0x86, 0xcc, 0x86),
    },
    Paint {
        role: "s4",
        light: STYLES[3].colour,
        dark: RGBColor(0xd9, 0x9a, 0xd0),
    },
];

pub(super) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The role of a colour as plotters writes it (`#1F4E79`), if it is one of the palette.
fn role_of(colour: &str) -> Option<&'static str> {
    PAINTS
        .iter()
        .find(|p| hex(p.light).eq_ignore_ascii_case(colour))
        .map(|p| p.role)
}

/// The value of attribute `name` in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// `svg` with a `fill-<role>` / `stroke-<role>` class on every element that has a colour
/// of the palette. It reads tags, as `strip_layer` does: plotters escapes `<` and `>` in
/// text, so a `<` always starts a tag.
pub(super) fn classes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let mut names = Vec::new();
        for property in ["fill", "stroke"] {
            if let Some(role) = attribute(tag, property).and_then(role_of) {
                names.push(format!("{property}-{role}"));
            }
        }
        if names.is_empty() || tag.starts_with("</") {
            out.push_str(tag);
        } else if let Some(class) = attribute(tag, "class") {
            let at_class = tag.find(" class=\"").unwrap_or(0) + " class=\"".len();
            out.push_str(&tag[..at_class]);
            out.push_str(&names.join(" "));
            out.push(' ');
            out.push_str(class);
            out.push_str(&tag[at_class + class.len()..]);
        } else {
            let name_end = tag[1..]
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .map_or(tag.len(), |e| e + 1);
            out.push_str(&tag[..name_end]);
            out.push_str(" class=\"");
            out.push_str(&names.join(" "));
            out.push('"');
            out.push_str(&tag[name_end..]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The rules that colour each role, for a reader in dark mode: the standalone file's own.
fn dark_rules() -> String {
    let mut css = format!(
        "@media screen and (prefers-color-scheme: dark) {{ svg.chart {{ background-color: {p} }} \
         .paper {{ fill: {p} }}",
        p = hex(DARK_PAPER)
    );
    for p in &PAINTS {
        let c = hex(p.dark);
        css.push_str(&format!(
            " .fill-{r} {{ fill: {c} }} .stroke-{r} {{ stroke: {c} }}",
            r = p.role
        ));
    }
    css.push_str(" }");
    css
}

/// A chart's file of its own (see [`super::standalone`]) with a `<style>` that gives it
/// the dark colours when the reader prefers them, after its title, which stays first for
/// screen readers. Its PNG is drawn from the file without it: the renderer does not
/// read media queries, and a shared image is light.
pub fn with_dark_mode(svg: &str) -> String {
    let style = format!("<style>{}</style>\n", dark_rules());
    match svg.find("</title>\n") {
        Some(at) => {
            let at = at + "</title>\n".len();
            format!("{}{style}{}", &svg[..at], &svg[at..])
        }
        None => svg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's contrast ratio of two colours.
    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        fn luminance(c: RGBColor) -> f64 {
            let channel = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
        }
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_colour_keeps_its_contrast_in_both_modes() {
        let white = RGBColor(0xff, 0xff, 0xff);
        for p in &PAINTS {
            // Text (and the value labels drawn in a series' colour) 4.5:1; lines 3:1.
            // The grid and the event band are background marks: no minimum.
            let needed = match p.role {
                "grid" | "band" => continue,
                "axis" => 3.0,
                _ => 4.5,
            };
            let (light, dark) = (contrast(p.light, white), contrast(p.dark, DARK_PAPER));
            assert!(light >= needed, "{} light: {light:.2}", p.role);
            assert!(dark >= needed, "{} dark: {dark:.2}", p.role);
        }
    }

    /// static/style.css gives every role its colour in both modes, the same as here.
    #[test]
    fn the_stylesheet_has_every_role_in_both_modes() {
        let css = include_str!("../../static/style.css");
        let dark_at = css
            .find("@media screen and (prefers-color-scheme: dark)")
            .unwrap();
        let (light, dark) = css.split_at(dark_at);
        for p in &PAINTS {
            let r = p.role;
            let light_rule = format!("--chart-{r}: {};", hex(p.light).to_lowercase());
            let dark_rule = format!("--chart-{r}: {};", hex(p.dark).to_lowercase());
            assert!(light.contains(&light_rule), "{light_rule}");
            assert!(dark.contains(&dark_rule), "{dark_rule}");
            for property in ["fill", "stroke"] {
                let rule = format!(".chart .{property}-{r} {{ {property}: var(--chart-{r}); }}");
                assert!(css.contains(&rule), "{rule}");
            }
        }
        let paper = format!("--paper: {};", hex(DARK_PAPER).to_lowercase());
        assert!(dark.contains(&paper), "{paper}");
    }

    #[test]
    fn palette_colours_get_a_class_naming_their_role() {
        let svg = "<g class=\"axis\">\n<text x=\"6\" fill=\"#404040\">\n2016 &lt;x&gt;\n</text>\n\
                   <polyline fill=\"none\" stroke=\"#1F4E79\" points=\"1,2 \"/>\n\
                   <circle class=\"dot\" fill=\"#1F4E79\" stroke=\"#8A3B12\"/>\n\
                   <rect fill=\"#123456\"/>\n</g>\n";
        assert_eq!(
            classes(svg),
            "<g class=\"axis\">\n<text class=\"fill-axis-text\" x=\"6\" fill=\"#404040\">\n2016 &lt;x&gt;\n</text>\n\
             <polyline class=\"stroke-s1\" fill=\"none\" stroke=\"#1F4E79\" points=\"1,2 \"/>\n\
             <circle class=\"fill-s1 stroke-s2 dot\" fill=\"#1F4E79\" stroke=\"#8A3B12\"/>\n\
             <rect fill=\"#123456\"/>\n</g>\n"
        );
    }

    #[test]
    fn a_chart_s_own_file_carries_its_dark_colours_after_its_title() {
        let svg = "<svg>\n<title>T</title>\n<rect class=\"paper\"/>\n<g/>\n</svg>\n";
        let file = with_dark_mode(svg);
        assert!(
            file.starts_with("<svg>\n<title>T</title>\n<style>@media screen and (prefers-color-scheme: dark) { svg.chart { background-color: #16191D } .paper { fill: #16191D }"),
            "{file}"
        );
        assert!(file.contains(" .fill-s1 { fill: #7FB8F0 } .stroke-s1 { stroke: #7FB8F0 }"));
        assert!(file.ends_with("</style>\n<rect class=\"paper\"/>\n<g/>\n</svg>\n"));
    }
}
