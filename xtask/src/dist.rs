//! `cargo xtask dist`: the release bundle a site owner hosts.
//!
//! cargo build (wasm-release) → wasm-bindgen (no-modules) → wasm-opt -Oz (npm
//! binaryen; Debian's breaks the table section) → glue + loader wrapped in one
//! IIFE and minified with terser → `.gz` and `.br` siblings → size table.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::tools::run as exec;
use crate::tools::{self, npm_bin};
use crate::{root, step};

/// The files of a built bundle.
pub struct Bundle {
    pub dir: PathBuf,
    pub script: PathBuf,
    pub wasm: PathBuf,
}

/// Sizes of one file: raw, gzip -9, brotli -q 11.
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn run() -> Result<Bundle> {
    let bundle = build()?;
    print_sizes(&bundle)?;
    Ok(bundle)
}

pub fn build() -> Result<Bundle> {
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::npm_packages()?;
    let root = root();
    // Honour CARGO_TARGET_DIR so a second build can run beside another one
    // without waiting on the cargo lock of `target/`.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));

    step("building the widget (wasm32, profile wasm-release)");
    exec(Command::new("cargo").current_dir(&root).env("CARGO_ENCODED_RUSTFLAGS", remapped_rustflags()).args([
        "build",
        "--package",
        "status-widget",
        "--lib",
        // The element without the Leptos components (see widget/Cargo.toml).
        "--no-default-features",
        "--features",
        "embed",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;

    step("wasm-bindgen --target no-modules");
    let bindgen_dir = target.join("widget-bindgen");
    exec(
        Command::new("wasm-bindgen")
            .args(["--target", "no-modules", "--no-typescript", "--out-name", "status-widget", "--out-dir"])
            .arg(&bindgen_dir)
            .arg(target.join("wasm32-unknown-unknown/wasm-release/status_widget.wasm")),
    )?;

    let dir = root.join("dist");
    fs::create_dir_all(&dir)?;
    let wasm = dir.join("status-widget_bg.wasm");
    step("wasm-opt -Oz (binaryen from npm)");
    // `--converge` reruns the passes until the module stops shrinking (-0.5 KB gz);
    // `--low-memory-unused` lets binaryen fold constant addresses into load/store
    // offsets (-1.5 KB gz): rustc's wasm32 layout puts the 1 MiB stack first, growing
    // down from 1 MiB, so the low 1 KiB is only touched by a stack that overflowed anyway.
    exec(
        Command::new(npm_bin("wasm-opt"))
            .args(["-Oz", "--converge", "--low-memory-unused"])
            .arg("--strip-debug")
            .arg("--strip-producers")
            .arg(bindgen_dir.join("status-widget_bg.wasm"))
            .arg("-o")
            .arg(&wasm),
    )?;

    step("wrapping glue and loader into one classic script (terser)");
    let glue = fs::read_to_string(bindgen_dir.join("status-widget.js")).context("reading wasm-bindgen glue")?;
    let loader = fs::read_to_string(root.join("widget/js/loader.js")).context("reading widget/js/loader.js")?;
    let wrapped = target.join("widget-bindgen/status-widget.wrapped.js");
    fs::write(&wrapped, format!("(function(){{\"use strict\";\n{glue}\n{loader}\n}})();\n"))?;
    let script = dir.join("status-widget.js");
    exec(
        Command::new(npm_bin("terser"))
            .arg(&wrapped)
            .args(["--compress", "passes=2", "--mangle", "--ecma", "2020", "--output"])
            .arg(&script),
    )?;

    for file in [&script, &wasm] {
        compress(file)?;
    }
    Ok(Bundle { dir, script, wasm })
}

/// The caller's rustflags plus `--remap-path-prefix` for each registry source
/// folder: panic locations otherwise carry `/root/.cargo/registry/src/index.crates.io-…/`
/// in front of every dependency's path in the wasm's data. Only the wasm target
/// sees these flags (`--target` keeps them off build scripts and proc macros).
fn remapped_rustflags() -> String {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace().map(str::to_owned).collect(),
    };
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(Ok(entries)) = cargo_home.map(|home| fs::read_dir(home.join("registry/src"))) {
        for entry in entries.flatten() {
            flags.push(format!("--remap-path-prefix={}/=", entry.path().display()));
        }
    }
    flags.join("\x1f")
}

/// Writes `file.gz` (gzip -9) and `file.br` (brotli -q 11) beside `file`.
fn compress(file: &Path) -> Result<()> {
    let data = fs::read(file)?;
    fs::write(with_suffix(file, "gz"), gzip(&data))?;
    fs::write(with_suffix(file, "br"), brotli(&data))?;
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("writing to memory");
    out
}

pub fn sizes(file: &Path) -> Result<Sizes> {
    let data = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(Sizes { raw: data.len(), gzip: gzip(&data).len(), brotli: brotli(&data).len() })
}

fn print_sizes(bundle: &Bundle) -> Result<()> {
    let script = sizes(&bundle.script)?;
    let wasm = sizes(&bundle.wasm)?;
    println!("\n{:<24} {:>10} {:>10} {:>10}", "file", "raw", "gzip -9", "brotli");
    for (name, size) in [("status-widget.js", &script), ("status-widget_bg.wasm", &wasm)] {
        println!("{name:<24} {:>10} {:>10} {:>10}", size.raw, size.gzip, size.brotli);
    }
    println!(
        "{:<24} {:>10} {:>10} {:>10}",
        "total (what a visitor downloads)",
        script.raw + wasm.raw,
        script.gzip + wasm.gzip,
        script.brotli + wasm.brotli
    );
    println!("\nbundle: {}", bundle.dir.display());
    Ok(())
}
