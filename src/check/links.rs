//! Every internal link, asset and fragment of every page must resolve to a file or an id
//! in the output. Runs on every build, so a broken internal link fails the build.

use crate::diagnostics::{Diagnostic, Diagnostics, PageSource};
use crate::output::LinkIndex;
use crate::theme::Theme;
use crate::urls::{percent_decode, BaseUrl};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

pub fn check_links(
    index: &LinkIndex,
    base: &BaseUrl,
    sources: &BTreeMap<String, PageSource<'_>>,
    theme: &Theme,
) -> Diagnostics {
    let mut paths: Vec<&String> = index.page_paths().collect();
    paths.sort();
    // A link that starts with `/` or has a scheme means the same on every page (most are
    // the navigation every page has): each is resolved once, not once per page.
    let everywhere: Vec<Option<Result<(), String>>> = index
        .distinct_links()
        .par_iter()
        .map(|link| same_on_every_page(link).then(|| resolve(link, "", base, index)))
        .collect();
    // Pages are independent: a large site's links are resolved on every core.
    let per_page: Vec<Vec<Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            index
                .link_numbers_of(path)
                .iter()
                .filter_map(|n| {
                    let link = index.link(*n);
                    let result = match &everywhere[*n as usize] {
                        Some(result) => result.clone(),
                        None => resolve(link, path, base, index),
                    };
                    result.err().map(|problem| {
                        diagnostic(path, link, base, &problem, sources.get(*path), theme)
                    })
                })
                .collect()
        })
        .collect();
    let mut problems = Diagnostics::default();
    for d in per_page.into_iter().flatten() {
        problems.push(d);
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

/// Whether [`resolve`] gives the same answer for `link` on every page: only a fragment of
/// the page itself (`#top`) and a relative link (`../`) depend on the page.
fn same_on_every_page(link: &str) -> bool {
    let link = link.trim();
    !link.starts_with('#') && (link.is_empty() || link.starts_with('/') || link.contains(':'))
}

/// `Ok` when the link is external or resolves; else what is wrong with it.
fn resolve(link: &str, page: &str, base: &BaseUrl, index: &LinkIndex) -> Result<(), String> {
    let link = link.trim();
    if link.is_empty() {
        return Err("is empty".into());
    }
    // The same allow-list as for the links an author writes: a template's links too.
    if let Err(refused) = crate::link_policy::check(link) {
        return Err(format!(
            "starts with `{}:`, which is not allowed in a page",
            refused.scheme
        ));
    }
    let lower = link.to_ascii_lowercase();
    if ["mailto:", "tel:"].iter().any(|s| lower.starts_with(s)) || link.starts_with("//") {
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
        return check_fragment(page, fragment, index);
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
    if !index.contains(&file) {
        return Err(if index.contains(&format!("{path}/index.html")) {
            format!(
                "leaves out the final `/` (write {}/)",
                link.split('#').next().unwrap_or(link)
            )
        } else {
            "points to nothing in the site".into()
        });
    }
    match fragment {
        Some(f) if file.ends_with(".html") => check_fragment(&file, &f, index),
        _ => Ok(()),
    }
}

fn check_fragment(page: &str, fragment: &str, index: &LinkIndex) -> Result<(), String> {
    let fragment = percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    if fragment.is_empty() || index.has_id(page, &fragment) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    fn site() -> Output {
        let mut out = Output::default();
        out.add("index.html", "<h1 id=\"top\">x</h1>").unwrap();
        out.add("cijfers/index.html", "<h2 id=\"online\">x</h2>")
            .unwrap();
        out.add("cijfers/weglopers/index.html", "").unwrap();
        out.add("style.css", "").unwrap();
        out
    }

    fn check(link: &str, page: &str) -> Result<(), String> {
        let index = LinkIndex::from_output(&site());
        let base = BaseUrl::parse("https://example.org/sub/").unwrap();
        resolve(link, page, &base, &index)
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
        // The author's allow-list holds for a template's links too.
        for refused in [
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            " JAVA\tSCRIPT:x",
        ] {
            assert!(check(refused, "index.html")
                .unwrap_err()
                .contains("not allowed in a page"));
        }
        assert!(check("mailto:a@b.c", "index.html").is_ok());
        assert!(check("tel:+32116", "index.html").is_ok());
        assert!(check("", "index.html").is_err());
    }

    #[test]
    fn links_said_to_mean_the_same_everywhere_do() {
        let index = LinkIndex::from_output(&site());
        let base = BaseUrl::parse("https://example.org/sub/").unwrap();
        let links = [
            "/sub/",
            "/sub/cijfers/#online",
            "/sub/cijfers/#nope",
            "/cijfers/",
            "//cdn.example/x",
            "https://example.org/sub/style.css",
            "https://elders.example/",
            "mailto:a@b.c",
            "javascript:alert(1)",
            "",
            " /sub/ ",
            "#top",
            "weglopers/",
            "../",
            "a:b",
        ];
        let pages = [
            "index.html",
            "cijfers/index.html",
            "cijfers/weglopers/index.html",
        ];
        let mut shared = 0;
        for link in links {
            if same_on_every_page(link) {
                shared += 1;
                let first = resolve(link, "", &base, &index);
                for page in pages {
                    assert_eq!(
                        resolve(link, page, &base, &index),
                        first,
                        "{link} on {page}"
                    );
                }
            }
        }
        assert_eq!(shared, 12);
        assert!(!same_on_every_page("#top") && !same_on_every_page("weglopers/"));
    }
}
