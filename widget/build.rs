//! Minifies `src/style.css` at build time: the CSS ships inside the wasm, so its
//! comments and indentation would otherwise be paid for by every visitor.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=src/style.css");
    let css = fs::read_to_string("src/style.css").expect("reading src/style.css");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("style.min.css");
    fs::write(out, minify(&css)).expect("writing the minified CSS");
}

/// Drops comments and blank space between lines.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("")
}
