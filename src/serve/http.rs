//! Answers one request from the current [`Snapshot`].
//!
//! Files come only from the built site in memory, looked up by a decoded, checked path,
//! so no request can reach the file system. Who may ask (the host names, how many
//! connections, how long a request may take) is [`super::server`]'s business.

use super::events::{EventStream, EVENTS_PATH};
use super::page;
use super::state::{Shared, Snapshot};
use crate::output::Output;
use crate::raster::Rasterizer;
use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_TYPE, LOCATION};
use hyper::{Method, Response, StatusCode};

/// A response's body: bytes from memory, or a live-reload stream.
pub type Body = Either<Full<Bytes>, EventStream>;

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// The live-reload stream; `since` is the build the asking page comes from.
    Events {
        since: Option<u64>,
    },
    /// A file of the built site, by its path in the [`Output`].
    File(String),
    Redirect(String),
    NotFound,
    /// No build has succeeded yet: every page is the error page.
    NotBuilt,
}

/// What a request gets: an answer now, or a PNG to draw first (off the thread that
/// answers requests: see [`super::pngs`]).
pub enum Answer {
    Ready(Response<Body>),
    Draw(Drawing),
}

/// A PNG to draw for a request.
pub struct Drawing {
    path: String,
    svg: String,
    scale: u32,
    key: String,
}

impl Drawing {
    /// Draws the PNG (slow: call it off the thread that answers requests) and keeps it.
    pub fn draw(self, shared: &Shared) -> Response<Body> {
        match shared
            .raster
            .get_or_init(Rasterizer::new)
            .png(&self.svg, self.scale)
        {
            Ok(png) => {
                let png = Bytes::from(png);
                shared.pngs.keep(self.key, png.clone());
                response(200, content_type(&self.path), png)
            }
            Err(e) => text(500, &format!("{} could not be drawn: {e:#}\n", self.path)),
        }
    }
}

/// [`answer`], except that a PNG not drawn yet is handed back to be drawn elsewhere.
pub fn answer_or_draw(method: &Method, target: &str, shared: &Shared) -> Answer {
    if matches!(*method, Method::GET | Method::HEAD) {
        let snapshot = shared.snapshot();
        let output = snapshot.output.as_deref();
        if let Route::File(path) = resolve(target, &snapshot.base_path, output) {
            if let Some(drawing) = png_to_draw(&snapshot, &path, shared) {
                return match drawing {
                    Ok(drawing) => Answer::Draw(drawing),
                    Err(kept) => Answer::Ready(kept),
                };
            }
        }
    }
    Answer::Ready(answer(method, target, shared))
}

/// For a PNG of the site: the kept one as an answer (`Err`), or what to draw (`Ok`).
fn png_to_draw(
    snapshot: &Snapshot,
    path: &str,
    shared: &Shared,
) -> Option<Result<Drawing, Response<Body>>> {
    let (svg, scale) = snapshot.output.as_deref()?.png_source(path)?;
    let key = crate::raster::key(svg, scale);
    Some(match shared.pngs.get(&key) {
        Some(png) => Err(response(200, content_type(path), png)),
        None => Ok(Drawing {
            path: path.to_string(),
            svg: svg.to_string(),
            scale,
            key,
        }),
    })
}

/// Answers a request for `target` (as sent: `/rapport/?x=1`): GET and HEAD only. For HEAD
/// the server sends the head of the GET answer without its body.
pub fn answer(method: &Method, target: &str, shared: &Shared) -> Response<Body> {
    let snapshot = shared.snapshot();
    if !matches!(*method, Method::GET | Method::HEAD) {
        let mut response = text(405, "Only GET and HEAD are served.\n");
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    match resolve(target, &snapshot.base_path, snapshot.output.as_deref()) {
        Route::Events { .. } if *method == Method::HEAD => {
            let mut response = text(200, "");
            response
                .headers_mut()
                .insert(CONTENT_TYPE, event_stream_type());
            response
        }
        Route::Events { since } => {
            let is_stale = || since.is_some_and(|since| since != shared.snapshot().generation);
            event_stream(shared.clients.open(is_stale))
        }
        Route::File(path) => file(&snapshot, &path, shared),
        Route::Redirect(location) => redirect(&location),
        Route::NotFound => not_found(&snapshot),
        Route::NotBuilt => html(500, page::error_page(&snapshot)),
    }
}

/// Maps a request target (`/rapport/2020/?x=1`) to what it asks for.
fn resolve(target: &str, base_path: &str, output: Option<&Output>) -> Route {
    let (raw_path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    if raw_path == format!("/{EVENTS_PATH}") || raw_path == format!("{base_path}{EVENTS_PATH}") {
        return Route::Events {
            since: query.and_then(since),
        };
    }
    let Some(path) = decode_path(raw_path) else {
        return Route::NotFound;
    };
    let Some(output) = output else {
        return Route::NotBuilt;
    };
    // The site lives under its base path; the server's root and the base path without its
    // slash lead there.
    if base_path != "/" && (path == "/" || path == base_path.trim_end_matches('/')) {
        return Route::Redirect(base_path.to_string());
    }
    let Some(relative) = path.strip_prefix(base_path) else {
        return Route::NotFound;
    };
    if relative.is_empty() || relative.ends_with('/') {
        let index = format!("{relative}index.html");
        return match output.contains(&index) {
            true => Route::File(index),
            false => Route::NotFound,
        };
    }
    if output.contains(relative) {
        Route::File(relative.to_string())
    } else if output.contains(&format!("{relative}/index.html")) {
        // A folder asked without its slash: its page's relative links need the slash.
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        Route::Redirect(format!("{raw_path}/{query}"))
    } else {
        Route::NotFound
    }
}

/// `since=12` in a query string.
fn since(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
}

/// The percent-decoded path, or `None` for a path that could only be an attempt to leave
/// the site or that no file can have: `..`, `\`, `:`, NUL, an encoded `/`, a bad escape,
/// bytes that are not UTF-8. A valid target is visible ASCII only, and so is any redirect
/// made from it.
fn decode_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') || !raw.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    // `%2f` would hide a separator inside one path segment.
    if raw.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    let path = crate::urls::percent_decode(raw)?;
    let forbidden = path.contains("..") || path.contains(['\\', ':', '\0']);
    (!forbidden).then_some(path)
}

// ---------------------------------------------------------------------------------------
// Responses

fn file(snapshot: &Snapshot, path: &str, shared: &Shared) -> Response<Body> {
    let output = snapshot.output.as_deref();
    // A PNG is drawn when it is asked for, never on an edit: a save reloads the page as
    // fast without PNGs as before them.
    if let Some(drawing) = png_to_draw(snapshot, path, shared) {
        return match drawing {
            Ok(drawing) => drawing.draw(shared),
            Err(kept) => kept,
        };
    }
    let bytes = output.and_then(|o| o.get(path)).unwrap_or_default();
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        page::decorate(bytes, snapshot)
    } else {
        bytes.to_vec()
    };
    response(200, kind, bytes)
}

/// The site's own 404.html, with status 404.
fn not_found(snapshot: &Snapshot) -> Response<Body> {
    match snapshot.output.as_deref().and_then(|o| o.get("404.html")) {
        Some(page) => html(404, page::decorate(page, snapshot)),
        None => text(404, "Not found.\n"),
    }
}

/// A temporary redirect: browsers cache a permanent one, and a preview's folders come and
/// go.
fn redirect(location: &str) -> Response<Body> {
    match HeaderValue::from_str(location) {
        Ok(location) => {
            let mut response = text(302, "");
            response.headers_mut().insert(LOCATION, location);
            response
        }
        // Only a target that is not visible ASCII can fail here; no file has such a name.
        Err(_) => text(404, "Not found.\n"),
    }
}

fn html(status: u16, bytes: Vec<u8>) -> Response<Body> {
    response(status, "text/html; charset=utf-8", bytes)
}

pub fn text(status: u16, body: &str) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// A response from memory. A preview changes under the browser's feet: it must ask again
/// every time (`no-cache`).
fn response(status: u16, kind: &'static str, bytes: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Either::Left(Full::new(bytes.into())));
    *response.status_mut() = StatusCode::from_u16(status)
        .unwrap_or_else(|_| unreachable!("{status} is a status code from this file"));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A live-reload stream. Its connection closes when the stream ends (on shutdown).
fn event_stream(stream: EventStream) -> Response<Body> {
    let mut response = Response::new(Either::Right(stream));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, event_stream_type());
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

fn event_stream_type() -> HeaderValue {
    HeaderValue::from_static("text/event-stream; charset=utf-8")
}

fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Output {
        let mut output = Output::default();
        for path in ["index.html", "2020/index.html", "style.css", "404.html"] {
            output.add(path, "x").unwrap();
        }
        output
    }

    fn route(target: &str) -> Route {
        resolve(target, "/rapport/", Some(&site()))
    }

    #[test]
    fn pages_folders_and_files() {
        assert_eq!(route("/rapport/"), Route::File("index.html".into()));
        assert_eq!(route("/rapport/?x=1"), Route::File("index.html".into()));
        assert_eq!(
            route("/rapport/2020/"),
            Route::File("2020/index.html".into())
        );
        assert_eq!(route("/rapport/style.css"), Route::File("style.css".into()));
        // Percent-encoded digits are the digits.
        assert_eq!(
            route("/rapport/%32%30%32%30/"),
            Route::File("2020/index.html".into())
        );
        assert_eq!(route("/rapport/2021/"), Route::NotFound);
        assert_eq!(route("/elders/"), Route::NotFound);
    }

    #[test]
    fn redirects_to_the_base_path_and_to_folder_slashes() {
        assert_eq!(route("/"), Route::Redirect("/rapport/".into()));
        assert_eq!(route("/rapport"), Route::Redirect("/rapport/".into()));
        assert_eq!(
            route("/rapport/2020"),
            Route::Redirect("/rapport/2020/".into())
        );
        assert_eq!(
            route("/rapport/2020?a=b"),
            Route::Redirect("/rapport/2020/?a=b".into())
        );
        // At the root, `/` is the home page itself.
        assert_eq!(
            resolve("/", "/", Some(&site())),
            Route::File("index.html".into())
        );
    }

    #[test]
    fn traversal_and_odd_characters_are_not_found() {
        for target in [
            "/rapport/../etc/passwd",
            "/rapport/%2e%2e/etc/passwd",
            "/rapport/%2E%2E%2fetc",
            "/rapport/2020%2findex.html",
            "/rapport/2020%2Findex.html",
            "/rapport/..%5c..%5cwin.ini",
            "/rapport\\2020\\index.html",
            "/rapport/c:/windows",
            "/rapport/style.css%00.html",
            "/rapport/%zz",
            "/rapport/%",
            "/rapport/%ff",
            "/rapport/caf\u{e9}/",
            "/rapport/a b",
            "rapport/",
            "http://example.org/rapport/",
        ] {
            assert_eq!(route(target), Route::NotFound, "{target}");
        }
    }

    #[test]
    fn the_event_stream_is_at_the_root_and_under_the_base_path() {
        let events = |since| Route::Events { since };
        assert_eq!(route("/__jaarverslag/events"), events(None));
        assert_eq!(
            route("/rapport/__jaarverslag/events?since=3"),
            events(Some(3))
        );
        assert_eq!(route("/rapport/__jaarverslag/events?since=x"), events(None));
    }

    #[test]
    fn without_a_build_every_page_is_the_error_page() {
        assert_eq!(resolve("/rapport/", "/rapport/", None), Route::NotBuilt);
        assert_eq!(resolve("/rapport/../x", "/rapport/", None), Route::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("style.1a2b3c4d.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("grafieken/x.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type("data/figures.csv"), "text/csv; charset=utf-8");
        assert_eq!(
            content_type("data/figures.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
