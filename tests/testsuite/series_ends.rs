//! Honest ends of a series (issue 16): a series that stops before the site's last year
//! shows that it stops, on its chart, in the chart's description and in its tables. In the
//! bilingual fixture, sextortion has values for 2016 and 2017; the site runs to 2020.

use crate::site_test::*;

/// The year labels on a chart's x axis, in order.
fn year_ticks(svg: &str) -> Vec<i32> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>'))
        .filter_map(|(_, rest)| rest.split('<').next())
        .filter_map(|label| label.trim().parse::<i32>().ok())
        .filter(|n| (1900..3000).contains(n))
        .collect()
}

#[test]
fn a_series_that_stops_early_is_drawn_and_told_to_the_site_s_last_year() {
    let site = built("bilingual");
    for (svg, desc) in [
        (
            "public/grafieken/sextortion.svg",
            "Sextortion, dossiers: van 41 in 2016 naar 39 in 2017 (−5%). Geen cijfers voor 2018 tot en met 2020.</desc>",
        ),
        (
            "public/fr/graphiques/sextortion.svg",
            "de 41 en 2016 à 39 en 2017 (−5\u{202f}%). Pas de chiffres pour 2018 à 2020.</desc>",
        ),
    ] {
        let svg_text = site.read(svg);
        assert_eq!(
            year_ticks(&svg_text),
            [2016, 2017, 2018, 2019, 2020],
            "{svg}"
        );
        assert_contains!(svg_text, desc);
    }
    // The chart's data file has the years without a value too, empty.
    assert_contains!(
        site.read("public/grafieken/sextortion.csv"),
        "2017,sextortion,Sextortion,dossiers,39,Cijfers 2017,,,\n\
         2018,sextortion,Sextortion,dossiers,,,,,\n\
         2019,sextortion,Sextortion,dossiers,,,,,\n\
         2020,sextortion,Sextortion,dossiers,,,,,\n"
    );

    for (page, none) in [
        ("cijfers/sextortion/index.html", "geen cijfer"),
        ("fr/chiffres/sextortion/index.html", "pas de chiffre"),
    ] {
        let html = site.page(page);
        // The chart's table, oldest first.
        assert_contains!(
            html,
            format!(
                "<tr><th scope=\"row\">2017</th><td>39</td></tr> \
                 <tr><th scope=\"row\">2018</th><td>{none}</td></tr> \
                 <tr><th scope=\"row\">2019</th><td>{none}</td></tr> \
                 <tr><th scope=\"row\">2020</th><td>{none}</td></tr>"
            )
        );
        // The metric's table of all years, newest first, from the site's last year (2018
        // has no folder, so no link).
        let row = |year: i32, link: bool| {
            let th = if link {
                format!("{year}/\">{year}</a></th>")
            } else {
                format!("<th scope=\"row\">{year}</th>")
            };
            let text =
                format!("{th} <td class=\"number\"><span class=\"no-value\">{none}</span></td>");
            assert_contains!(html, text, "{page}: the row of {year}");
            html.find(&text).unwrap()
        };
        let at = [row(2020, true), row(2019, true), row(2018, false)];
        let at_2017 = html
            .find("2017/\">2017</a></th> <td class=\"number\">39")
            .unwrap();
        assert!(
            at[0] < at[1] && at[1] < at[2] && at[2] < at_2017,
            "{page}: {at:?}, {at_2017}"
        );
    }
}
