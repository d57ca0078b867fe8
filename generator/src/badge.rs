//! `badge.svg`: a shields.io-style "status | All Systems Operational" badge for
//! READMEs, wikis and anywhere else that allows an image but no script.

use std::fmt::Write as _;

use status_feed::Impact;

use crate::html::escape;

/// Background of the message half, dark enough for white text (WCAG AA).
fn colour(indicator: Impact) -> &'static str {
    match indicator {
        Impact::None => "#1e7e34",
        Impact::Minor | Impact::Unknown => "#9a6700",
        Impact::Major => "#c2410c",
        Impact::Critical => "#b00020",
        Impact::Maintenance => "#1f5fbf",
    }
}

/// Approximate advance of `text` in 11px Verdana, as shields.io measures it.
fn text_width(text: &str) -> u32 {
    let tenths: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '\'' | '.' | ',' | ':' | ';' | '|' | '!' => 35,
            'f' | 't' | 'r' | ' ' | 'I' | '(' | ')' | '-' => 45,
            'm' | 'w' | 'M' | 'W' => 100,
            c if c.is_uppercase() => 75,
            _ => 68,
        })
        .sum();
    tenths.div_ceil(10)
}

/// The badge for `indicator` with the localized `label` and `message`.
pub fn badge(label: &str, message: &str, indicator: Impact) -> String {
    let left = text_width(label) + 10;
    let right = text_width(message) + 10;
    let width = left + right;
    let (label, message) = (escape(label), escape(message));
    let mut svg = String::with_capacity(1024);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"20\" role=\"img\" aria-label=\"{label}: {message}\">\
<title>{label}: {message}</title>\
<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
<clipPath id=\"r\"><rect width=\"{width}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
<g clip-path=\"url(#r)\"><rect width=\"{left}\" height=\"20\" fill=\"#555\"/><rect x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{colour}\"/><rect width=\"{width}\" height=\"20\" fill=\"url(#s)\"/></g>\
<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">\
<text x=\"{lx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{label}</text><text x=\"{lx}\" y=\"14\">{label}</text>\
<text x=\"{rx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{message}</text><text x=\"{rx}\" y=\"14\">{message}</text></g></svg>",
        colour = colour(indicator),
        lx = f64::from(left) / 2.0,
        rx = f64::from(left) + f64::from(right) / 2.0,
    );
    svg
}
