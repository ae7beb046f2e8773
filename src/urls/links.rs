//! Links as an author writes them in Markdown, root-relative in the default language's
//! words (`/cijfers/weglopers/`), mapped to the page they name in the page's own language:
//! the inverse of [`Locale::path`].

use super::PageKey;
use crate::i18n::Locale;
use crate::model::parse_year;

/// The page a root-relative link written in Markdown names, as the default language
/// writes it (`/cijfers/weglopers/`): the inverse of [`Locale::path`] for `default`, which
/// also knows that language's built-in URL words. `is_page` says whether a slug is a page
/// of pages/. Only a folder link names a page: `/cijfers/weglopers` (no slash) or
/// `/data/figures.csv` is a file, and names none. A `#fragment` or `?query` is left out.
pub fn page_of_link(
    url: &str,
    default: &Locale,
    is_page: impl Fn(&str) -> bool,
) -> Option<PageKey> {
    let path = url.find(['#', '?']).map_or(url, |i| &url[..i]);
    if !(path.ends_with('/') || path.is_empty()) {
        return None;
    }
    let built_in = &default.file_words;
    let words = &default.words;
    let is = |s: &str, word: &str, built_in: &str| s == word || s == built_in;
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        [""] => Some(PageKey::Home),
        [s] if is(s, &words.metrics, &built_in.metrics) => Some(PageKey::Metrics),
        [s, id] if is(s, &words.metrics, &built_in.metrics) => {
            Some(PageKey::Metric(id.to_string()))
        }
        [s] if is(s, &words.themes, &built_in.themes) => Some(PageKey::Themes),
        [s, id] if is(s, &words.themes, &built_in.themes) => Some(PageKey::Theme(id.to_string())),
        [s] if is(s, &words.publications, &built_in.publications) => Some(PageKey::Publications),
        [s, slug] if is(s, &words.publications, &built_in.publications) => {
            Some(PageKey::Publication(slug.to_string()))
        }
        [s] => match parse_year(s) {
            Some(y) => Some(PageKey::Year(y)),
            None if is_page(s) => Some(PageKey::Page(s.to_string())),
            None => None,
        },
        _ => None,
    }
}

/// A root-relative link written in Markdown, made a link of the built site: to the page
/// it names (see [`page_of_link`]) by `href` (which picks the page's language), with its
/// `#fragment` or `?query`; any other link (a file, an image) as written, under the site's
/// `base_path` (`/jaarverslag/`).
pub fn map_link(
    url: &str,
    default: &Locale,
    is_page: impl Fn(&str) -> bool,
    href: impl Fn(&PageKey) -> String,
    base_path: &str,
) -> String {
    match page_of_link(url, default, is_page) {
        Some(key) => {
            let tail = url.find(['#', '?']).map_or("", |i| &url[i..]);
            format!("{}{tail}", href(&key))
        }
        None => format!("{}{}", base_path.trim_end_matches('/'), url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Lang;
    use crate::model::Words;

    /// The URL words of a language file the theme ships.
    fn theme_words(code: &str) -> Words {
        let text = match code {
            "nl" => include_str!("../../templates/i18n/nl.yaml"),
            _ => include_str!("../../templates/i18n/fr.yaml"),
        };
        let strings: std::collections::BTreeMap<String, String> =
            crate::load::yaml::from_str(text).unwrap();
        Words::from_strings(|key| strings[key].as_str())
    }

    fn lang(code: &str) -> Lang {
        Lang::from_code(code).unwrap()
    }

    /// A language's paths, as [`Locale::paths_only`] makes them.
    fn locale(lang: Lang, is_default: bool, words: Words) -> Locale {
        Locale {
            lang,
            is_default,
            prefix: Locale::prefix_of(lang, is_default),
            words,
            file_words: theme_words(lang.code()),
            strings: Default::default(),
            title: String::new(),
            description: String::new(),
        }
    }

    #[test]
    fn a_link_names_the_page_whose_path_it_is() {
        let is_page = |slug: &str| slug == "over";
        // The built-in words, and a default language with words of its own (which still
        // knows the built-in ones).
        let own = Words {
            metrics: "figures".into(),
            themes: "topics".into(),
            publications: "papers".into(),
            charts: "charts".into(),
        };
        for default in [
            locale(lang("nl"), true, theme_words("nl")),
            locale(lang("fr"), true, own),
        ] {
            for key in [
                PageKey::Home,
                PageKey::Year(2020),
                PageKey::Metrics,
                PageKey::Metric("weglopers".into()),
                PageKey::Themes,
                PageKey::Theme("online".into()),
                PageKey::Publications,
                PageKey::Publication("cijfers-2017".into()),
                PageKey::Page("over".into()),
            ] {
                let link = format!("/{}", default.path(&key));
                assert_eq!(
                    page_of_link(&link, &default, is_page),
                    Some(key.clone()),
                    "{link}"
                );
                let with_fragment = format!("{link}#kop?x=1");
                assert_eq!(page_of_link(&with_fragment, &default, is_page), Some(key));
            }
        }
        let nl = locale(lang("nl"), true, theme_words("nl"));
        let fr = locale(lang("fr"), true, theme_words("fr"));
        // The built-in words of the default language only: French words on a Dutch site
        // name no page.
        assert_eq!(page_of_link("/chiffres/", &nl, is_page), None);
        assert_eq!(
            page_of_link("/chiffres/", &fr, is_page),
            Some(PageKey::Metrics)
        );
        for not_a_page in [
            "/cijfers/weglopers",        // a file, not a folder
            "/data/figures.csv",         // a file
            "/nergens/",                 // no such page
            "/1899/",                    // not a year of the site's range
            "/cijfers/weglopers/extra/", // too deep
            "/over",                     // a file
        ] {
            assert_eq!(page_of_link(not_a_page, &nl, is_page), None, "{not_a_page}");
        }
    }

    #[test]
    fn a_mapped_link_goes_to_the_page_in_the_page_language_or_stays_a_file() {
        let nl = locale(lang("nl"), true, theme_words("nl"));
        let fr = locale(lang("fr"), false, theme_words("fr"));
        // The page in French, under the base path, as the renderer's href makes it.
        let href = |key: &PageKey| format!("/rapport/{}", fr.path(key));
        let map = |url: &str| map_link(url, &nl, |s| s == "over", href, "/rapport/");
        assert_eq!(
            map("/cijfers/weglopers/"),
            "/rapport/fr/chiffres/weglopers/"
        );
        assert_eq!(map("/2020/#een-kop"), "/rapport/fr/2020/#een-kop");
        assert_eq!(map("/"), "/rapport/fr/");
        assert_eq!(map("/over/?a=b"), "/rapport/fr/over/?a=b");
        // Files and unknown pages stay as written, under the base path (the link check
        // tells a broken one).
        assert_eq!(map("/data/figures.csv"), "/rapport/data/figures.csv");
        assert_eq!(map("/beeld.png"), "/rapport/beeld.png");
        assert_eq!(map("/nergens/#x"), "/rapport/nergens/#x");
    }
}
