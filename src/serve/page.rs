//! What the preview adds to HTML pages, and only there: the live-reload script, and after
//! a failed build a box listing the errors. The built site itself never contains either.

use super::events::EVENTS_PATH;
use super::state::Snapshot;
use crate::diagnostics::Diagnostics;
use crate::escape::html as html_escape;

/// `html` with the live-reload script before `</body>` and, after a failed build, the
/// errors right after `<body>`, so that screen readers meet them first.
pub fn decorate(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let script = live_reload_script(&snapshot.base_path, snapshot.generation);
    let overlay = snapshot
        .problems
        .as_ref()
        .map(|problems| overlay(problems, snapshot.output.is_some()))
        .unwrap_or_default();

    let body_start = body_content_start(html).unwrap_or(0);
    let body_end = find_last_ignore_case(html, b"</body")
        .filter(|&end| end >= body_start)
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len() + overlay.len());
    out.extend_from_slice(&html[..body_start]);
    out.extend_from_slice(overlay.as_bytes());
    out.extend_from_slice(&html[body_start..body_end]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[body_end..]);
    out
}

/// The page served for every URL while the site has never built: the errors, and the
/// script that reloads it once they are fixed.
pub fn error_page(snapshot: &Snapshot) -> Vec<u8> {
    let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                <title>Build failed · jaarverslag serve</title>\n</head>\n<body>\n</body>\n</html>\n";
    decorate(html.as_bytes(), snapshot)
}

/// Opens the stream and reloads the page when told to. `since` is the build the page
/// comes from: a page that is already out of date when its stream opens reloads at once.
fn live_reload_script(base_path: &str, generation: u64) -> String {
    let url = js_string(&format!("{base_path}{EVENTS_PATH}?since={generation}"));
    format!(
        "<script>/* jaarverslag serve: live reload */(function () {{\
         var events = new EventSource({url});\
         events.addEventListener(\"reload\", function () {{ events.close(); location.reload(); }});\
         }})();</script>\n"
    )
}

/// A fixed box at the top of the page, announced to screen readers (`role="alert"`).
fn overlay(problems: &Diagnostics, has_output: bool) -> String {
    let count = match problems.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let heading = if has_output {
        format!("The site could not be rebuilt ({count}). This page is from the last good build.")
    } else {
        format!("The site could not be built ({count}).")
    };
    let items: String = problems
        .iter()
        .map(|d| {
            let hint = d
                .hint
                .as_deref()
                .map(|h| {
                    format!(
                        "<br><span style=\"opacity:.8\">hint: {}</span>",
                        html_escape(h)
                    )
                })
                .unwrap_or_default();
            format!(
                "<li style=\"margin:.4em 0\"><code style=\"font-weight:bold\">{}</code>: \
                 <span style=\"white-space:pre-wrap\">{}</span>{hint}</li>",
                html_escape(&d.location()),
                html_escape(&d.message),
            )
        })
        .collect();
    format!(
        "<div id=\"jaarverslag-serve-errors\" role=\"alert\" style=\"position:fixed;top:0;\
         left:0;right:0;z-index:2147483647;max-height:60vh;overflow:auto;box-sizing:border-box;\
         margin:0;padding:1em 1.25em;background:#fff5f5;color:#5f0000;\
         border-bottom:4px solid #b00020;box-shadow:0 2px 10px rgba(0,0,0,.3);\
         font:15px/1.45 system-ui,sans-serif;text-align:left\">\
         <strong>{heading}</strong> Fix the files below; the page reloads by itself.\
         <ul style=\"margin:.5em 0 0;padding-left:1.25em\">{items}</ul></div>\n"
    )
}

/// Where the content of `<body ...>` starts (just after its `>`), if there is a body tag.
fn body_content_start(html: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = find_ignore_case(&html[from..], b"<body") {
        let tag = from + found;
        let after = tag + b"<body".len();
        // `<body>` or `<body class=...>`, not `<bodyguard>`.
        match html.get(after) {
            Some(b'>') | Some(b' ' | b'\t' | b'\n' | b'\r') => {
                let close = html[after..].iter().position(|&b| b == b'>')?;
                return Some(after + close + 1);
            }
            _ => from = after,
        }
    }
    None
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// A JavaScript string literal that is also safe inside an HTML `<script>` element.
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // `<` and `>` could close the script element; `&` is escaped for good measure.
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn snapshot(problems: Option<Diagnostics>) -> Snapshot {
        Snapshot {
            output: Some(Default::default()),
            base_path: "/rapport/".to_string(),
            problems,
            generation: 4,
        }
    }

    fn decorated(html: &str, problems: Option<Diagnostics>) -> String {
        String::from_utf8(decorate(html.as_bytes(), &snapshot(problems))).unwrap()
    }

    #[test]
    fn the_script_goes_before_the_body_end_and_uses_the_base_path() {
        let page = decorated("<html><body class=\"x\"><p>hoi</p></BODY></html>", None);
        let script = page.find("<script>").unwrap();
        assert!(script > page.find("<p>hoi</p>").unwrap());
        assert!(script < page.find("</BODY>").unwrap());
        assert!(page.contains("new EventSource(\"/rapport/__jaarverslag/events?since=4\")"));
        assert!(page.contains("\"reload\""));
        assert!(!page.contains("role=\"alert\""));
    }

    #[test]
    fn a_page_without_a_body_gets_the_script_at_the_end() {
        let page = decorated("<p>fragment</p>", None);
        assert!(page.starts_with("<p>fragment</p><script>"));
    }

    #[test]
    fn errors_are_listed_escaped_at_the_top() {
        let problems = Diagnostics(vec![Diagnostic::new(
            "content/years/2020/figures.yaml",
            "invalid type: found <map>, expected a number",
        )
        .at(3, 7)
        .hint("write a number & nothing else")]);
        let page = decorated("<body>\n<main>old</main></body>", Some(problems));
        let alert = page.find("role=\"alert\"").unwrap();
        assert!(alert < page.find("<main>old</main>").unwrap());
        assert!(page.contains("content/years/2020/figures.yaml:3:7"));
        assert!(page.contains("found &lt;map&gt;, expected a number"));
        assert!(page.contains("write a number &amp; nothing else"));
        assert!(page.contains("position:fixed"));
        assert!(page.contains("1 error"));
    }

    #[test]
    fn the_error_page_lists_the_errors_and_reloads() {
        let mut snapshot = snapshot(Some(Diagnostic::new("content/site.yaml", "oops").into()));
        snapshot.output = None;
        let page = String::from_utf8(error_page(&snapshot)).unwrap();
        assert!(page.contains("could not be built (1 error)"));
        assert!(
            page.contains("content/site.yaml</code>: <span style=\"white-space:pre-wrap\">oops")
        );
        assert!(page.contains("EventSource"));
    }

    #[test]
    fn script_strings_cannot_break_out() {
        assert_eq!(js_string("/a/"), "\"/a/\"");
        assert_eq!(
            js_string("</script>\"\\"),
            "\"\\u003c/script\\u003e\\\"\\\\\""
        );
    }
}
