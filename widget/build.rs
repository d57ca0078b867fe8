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

/// Drops comments, and the blank space that CSS's grammar does not need: around
/// `{`, `}`, `;`, `,` and after `:` (never inside strings, and never before `(`,
/// where `and (` would turn into the function token `and(`). The last `;` of a
/// block goes too.
fn minify(css: &str) -> String {
    let mut uncommented = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        uncommented.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    uncommented.push_str(rest);

    let mut out = String::with_capacity(uncommented.len());
    let mut quote = None;
    let mut chars = uncommented.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(open) = quote {
            out.push(c);
            if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
            }
            c if c.is_whitespace() => {
                while chars.next_if(|next| next.is_whitespace()).is_some() {}
                let after_separator = out.is_empty() || out.ends_with([':', ';', ',', '{', '}']);
                let before_separator = chars.peek().is_none_or(|next| "{};,".contains(*next));
                if !after_separator && !before_separator {
                    out.push(' ');
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out
}
