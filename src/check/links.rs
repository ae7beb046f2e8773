//! Every internal link, asset and fragment of every page must resolve to a file or an id
//! in the output. Runs on every build, so a broken internal link fails the build.

use super::html::{scan, Scanned};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::BaseUrl;
use crate::theme::Theme;
use crate::write::Output;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Where a page's text came from, to point the author at the line of a bad link.
#[derive(Debug, Clone)]
pub struct PageSource<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// The line of `text`'s first line in `file`.
    pub first_line: usize,
}

pub fn check_links(
    output: &Output,
    base: &BaseUrl,
    sources: &BTreeMap<String, PageSource<'_>>,
    theme: &Theme,
) -> Diagnostics {
    let pages: HashMap<&str, Scanned> = output
        .files()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, scan(&String::from_utf8_lossy(bytes))))
        .collect();
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(path, s)| (*path, s.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut problems = Diagnostics::default();
    let mut paths: Vec<&&str> = pages.keys().collect();
    paths.sort();
    for path in paths {
        let scanned = &pages[*path];
        for (link, _) in &scanned.links {
            if let Err(problem) = resolve(link, path, base, output, &ids) {
                problems.push(diagnostic(
                    path,
                    link,
                    base,
                    &problem,
                    sources.get(*path),
                    theme,
                ));
            }
        }
    }
    problems
}

fn diagnostic(
    page: &str,
    link: &str,
    base: &BaseUrl,
    problem: &str,
    source: Option<&PageSource<'_>>,
    theme: &Theme,
) -> Diagnostic {
    let page_url = base.link(page.trim_end_matches("index.html"));
    // Look for the link as the author wrote it: Markdown links are written without the
    // base path, which the renderer adds.
    let written = link
        .strip_prefix(base.path.trim_end_matches('/'))
        .filter(|_| base.path != "/")
        .unwrap_or(link);
    let find = |file: &Path, text: &str, first_line: usize| {
        [link, written].iter().find_map(|needle| {
            text.find(needle).map(|offset| {
                let (line, column) = crate::diagnostics::line_column(text, offset);
                (file.to_path_buf(), line + first_line - 1, column)
            })
        })
    };
    // In the page's Markdown, else in a template that has the link written out.
    let located = source
        .and_then(|s| find(s.file, s.text, s.first_line))
        .or_else(|| {
            theme
                .templates
                .values()
                .find_map(|t| find(&t.origin, &t.text, 1))
        });
    let message = format!("the link `{link}` on page {page_url} {problem}");
    let hint = if problem.contains("base path") {
        format!(
            "start internal links with {} (Markdown links starting with / get it automatically)",
            base.path
        )
    } else {
        "fix or remove the link; internal links point at pages, files and ids of this site"
            .to_string()
    };
    match located {
        Some((file, line, column)) => Diagnostic::new(file, message).at(line, column).hint(hint),
        None => match source {
            Some(s) => Diagnostic::new(s.file, message).hint(hint),
            None => Diagnostic::new(format!("templates (page {page_url})"), message).hint(hint),
        },
    }
}

/// `Ok` when the link is external or resolves; else what is wrong with it.
fn resolve(
    link: &str,
    page: &str,
    base: &BaseUrl,
    output: &Output,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Result<(), String> {
    let link = link.trim();
    if link.is_empty() {
        return Err("is empty".into());
    }
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("javascript:") {
        return Err("runs script".into());
    }
    if ["mailto:", "tel:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || link.starts_with("//")
    {
        return Ok(());
    }
    // A full URL of this site is checked like a path; any other is external.
    let site_relative: String = if let Some(rest) = link.strip_prefix(base.absolute.as_str()) {
        rest.to_string()
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(());
    } else if lower.contains(':') && !lower.starts_with('/') && !lower.starts_with('#') {
        return Ok(()); // another scheme
    } else if let Some(fragment) = link.strip_prefix('#') {
        return check_fragment(page, fragment, ids);
    } else if link.starts_with('/') {
        match link.strip_prefix(base.path.as_str()) {
            Some(rest) => rest.to_string(),
            None if link == base.path.trim_end_matches('/') => String::new(),
            None => return Err(format!("is outside the base path {}", base.path)),
        }
    } else {
        // Relative to the page's folder.
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        join(dir, link)?
    };
    let (path_and_query, fragment) = match site_relative.split_once('#') {
        Some((p, f)) => (p.to_string(), Some(f.to_string())),
        None => (site_relative, None),
    };
    let path = path_and_query
        .split_once('?')
        .map_or(path_and_query.as_str(), |(p, _)| p);
    let path = percent_decode(path).ok_or_else(|| "is not a valid URL".to_string())?;
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !output.contains(&file) {
        return Err(if output.contains(&format!("{path}/index.html")) {
            format!(
                "leaves out the final `/` (write {}/)",
                link.split('#').next().unwrap_or(link)
            )
        } else {
            "points to nothing in the site".into()
        });
    }
    match fragment {
        Some(f) if file.ends_with(".html") => check_fragment(&file, &f, ids),
        _ => Ok(()),
    }
}

fn check_fragment(
    page: &str,
    fragment: &str,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Result<(), String> {
    let fragment = percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    if fragment.is_empty()
        || ids
            .get(page)
            .is_some_and(|set| set.contains(fragment.as_str()))
    {
        Ok(())
    } else {
        Err(format!(
            "points to `#{fragment}`, which is not an id on that page"
        ))
    }
}

/// Joins a relative link to a folder, resolving `.` and `..` without leaving the site.
fn join(dir: &str, link: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let (path, tail) = match link.find(['?', '#']) {
        Some(i) => (&link[..i], &link[i..]),
        None => (link, ""),
    };
    let trailing = path.ends_with('/') || path.is_empty();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("climbs out of the site".into());
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Ok(format!("{joined}{tail}"))
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Output {
        let mut out = Output::default();
        out.add("index.html", "<h1 id=\"top\">x</h1>");
        out.add("cijfers/index.html", "<h2 id=\"online\">x</h2>");
        out.add("cijfers/weglopers/index.html", "");
        out.add("style.css", "");
        out
    }

    fn check(link: &str, page: &str) -> Result<(), String> {
        let out = site();
        let base = BaseUrl::parse("https://example.org/sub/").unwrap();
        let scanned: HashMap<&str, Scanned> = out
            .files()
            .map(|(p, b)| (p, scan(&String::from_utf8_lossy(b))))
            .collect();
        let ids: HashMap<&str, HashSet<&str>> = scanned
            .iter()
            .map(|(p, s)| (*p, s.ids.iter().map(String::as_str).collect()))
            .collect();
        resolve(link, page, &base, &out, &ids)
    }

    #[test]
    fn resolves_site_links() {
        assert!(check("/sub/", "index.html").is_ok());
        assert!(check("/sub", "index.html").is_ok());
        assert!(check("/sub/cijfers/weglopers/", "index.html").is_ok());
        assert!(check("/sub/cijfers/#online", "index.html").is_ok());
        assert!(check("/sub/style.css", "index.html").is_ok());
        assert!(check("https://example.org/sub/cijfers/", "index.html").is_ok());
        assert!(check("weglopers/", "cijfers/index.html").is_ok());
        assert!(check("../", "cijfers/index.html").is_ok());
        assert!(check("#top", "index.html").is_ok());
        assert!(check("https://elders.example/x", "index.html").is_ok());
        assert!(check("mailto:a@b.c", "index.html").is_ok());
    }

    #[test]
    fn reports_broken_links() {
        assert!(check("/sub/cijfers/nope/", "index.html")
            .unwrap_err()
            .contains("points to nothing"));
        assert!(check("/sub/cijfers/#nope", "index.html")
            .unwrap_err()
            .contains("`#nope`"));
        assert!(check("#nope", "index.html").is_err());
        assert!(check("/cijfers/", "index.html")
            .unwrap_err()
            .contains("outside the base path"));
        assert!(check("/sub/cijfers/weglopers", "index.html")
            .unwrap_err()
            .contains("final `/`"));
        assert!(check("../../x", "cijfers/index.html")
            .unwrap_err()
            .contains("climbs out"));
        assert!(check("javascript:alert(1)", "index.html").is_err());
        assert!(check("", "index.html").is_err());
    }
}
