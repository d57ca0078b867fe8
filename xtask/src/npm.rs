//! The npm package `status-widget-element`, written by `cargo xtask dist` into `dist/npm/`,
//! and its test (`cargo xtask npm-test`, and the last step of `cargo xtask test`).
//!
//! The package holds the release bundle's three files unchanged (the classic loader
//! `status-widget.js`, the hashed glue and wasm), an ES module entry `index.js`, the
//! TypeScript declarations from `widget/npm/` and a README. `index.js` is the loader (its
//! module entry's build, [`Bundle::module_entry_loader`]) behind a few lines that tell it
//! where the glue, the wasm and the languages' words are, in the forms bundlers
//! understand: `import("./glue")` (a lazy chunk of the app's own bundle, loaded only when
//! there is something to draw) and `new URL("./….wasm", import.meta.url)` (an asset copied
//! byte for byte, so the loader's SRI hash of the wasm still holds; each language's `.txt`
//! likewise). The loader takes them from `window.__statusWidgetFiles`, whatever the
//! current script (webpack runs each module inside a classic script chunk, which is not
//! beside them). Outside a browser (server-side rendering) importing it does nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::dist::Bundle;
use crate::tools::{self, run as exec};
use crate::{root, serve, step};

/// The package's name on the npm registry (free there when it was chosen).
pub const NAME: &str = "status-widget-element";

/// The declaration files in `widget/npm/`, copied as they are.
const DECLARATIONS: [&str; 4] = ["index.d.ts", "react.d.ts", "preact.d.ts", "solid.d.ts"];

/// Writes `dist/npm/` from a built bundle and returns that folder.
pub fn write_package(bundle: &Bundle) -> Result<PathBuf> {
    step(&format!("npm package {NAME} (dist/npm)"));
    let root = root();
    let dir = bundle.dir.join("npm");
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir)?;
    let name = |path: &Path| path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let (script, glue, wasm) = (name(&bundle.script), name(&bundle.glue), name(&bundle.wasm));
    let languages: Vec<(&str, String)> = bundle.languages.iter().map(|(tag, file)| (*tag, name(file))).collect();
    for file in
        [&bundle.script, &bundle.glue, &bundle.wasm].into_iter().chain(bundle.languages.iter().map(|(_, file)| file))
    {
        fs::copy(file, dir.join(name(file))).with_context(|| format!("copying {}", file.display()))?;
    }
    let loader = fs::read_to_string(&bundle.module_entry_loader).context("reading the module entry's loader")?;
    fs::write(dir.join("index.js"), module_entry(&loader, &glue, &wasm, &languages))?;
    let sources = root.join("widget/npm");
    for file in DECLARATIONS {
        fs::copy(sources.join(file), dir.join(file)).with_context(|| format!("copying widget/npm/{file}"))?;
    }
    let readme = fs::read_to_string(sources.join("README.md")).context("reading widget/npm/README.md")?;
    fs::write(dir.join("README.md"), readme.replace("__VERSION__", env!("CARGO_PKG_VERSION")))?;
    fs::write(dir.join("package.json"), package_json(&script, &glue, &wasm, &languages))?;
    Ok(dir)
}

/// `index.js`: the loader, given the glue's, the wasm's and the languages' URLs in the
/// form bundlers rewrite.
fn module_entry(loader: &str, glue: &str, wasm: &str, languages: &[(&str, String)]) -> String {
    let words: String = languages
        .iter()
        .map(|(tag, file)| format!("    \"{tag}\": new URL(\"./{file}\", import.meta.url).href,\n"))
        .collect();
    format!(
        "// {NAME}: `import \"{NAME}\"` defines <status-widget> in a browser and does nothing elsewhere.\n\
         // The glue is a lazy chunk and the wasm an asset to bundlers; the loader (its module entry's build) follows.\n\
         if (typeof window !== \"undefined\" && typeof HTMLElement !== \"undefined\") {{\n\
         try {{\n\
         window.__statusWidgetFiles = {{\n\
         \x20 glue: () => import(\"./{glue}\").then(() => window.__statusWidget.hand()),\n\
         \x20 wasm: new URL(\"./{wasm}\", import.meta.url).href,\n\
         \x20 words: {{\n{words}  }},\n\
         }};\n\
         }} catch (error) {{\n\
         \x20 // A bundle that is no ES module (esbuild's default format) has no import.meta.url: the\n\
         \x20 // loader then looks for its files beside the bundle's script, and the app's code goes on.\n\
         \x20 console.warn(\"{NAME}: no import.meta.url (bundle it as an ES module, e.g. esbuild --format=esm): \" + error);\n\
         }}\n\
         {loader}\n\
         }}\n",
        loader = loader.trim_end(),
    )
}

fn package_json(script: &str, glue: &str, wasm: &str, languages: &[(&str, String)]) -> String {
    let words: String = languages.iter().map(|(_, file)| format!(", \"{file}\"")).collect();
    let version = env!("CARGO_PKG_VERSION");
    let license = env!("CARGO_PKG_LICENSE");
    format!(
        r#"{{
  "name": "{NAME}",
  "version": "{version}",
  "description": "<status-widget>: shows your status page's current incident on your site (Statuspage-format feeds), as a popup, banner, badge or inline text. Rust + Leptos, compiled to WebAssembly.",
  "keywords": ["status", "statuspage", "incident", "custom-element", "web-component", "status-widget", "wasm"],
  "license": "({license})",
  "repository": {{ "type": "git", "url": "git+https://github.com/status-widget/status-widget.git" }},
  "type": "module",
  "main": "./index.js",
  "module": "./index.js",
  "types": "./index.d.ts",
  "exports": {{
    ".": {{ "types": "./index.d.ts", "default": "./index.js" }},
    "./status-widget.js": "./{script}",
    "./types": {{ "types": "./index.d.ts" }},
    "./react": {{ "types": "./react.d.ts" }},
    "./preact": {{ "types": "./preact.d.ts" }},
    "./solid": {{ "types": "./solid.d.ts" }},
    "./package.json": "./package.json"
  }},
  "files": ["index.js", "{script}", "{glue}", "{wasm}"{words}, "index.d.ts", "react.d.ts", "preact.d.ts", "solid.d.ts"],
  "sideEffects": ["./index.js", "./{script}", "./{glue}"]
}}
"#
    )
}

/// `cargo xtask npm-test`: builds the bundle (and so the package), then tests it.
pub fn run_test() -> Result<()> {
    tools::chromium()?;
    let bundle = crate::dist::build()?;
    test_package(&bundle.dir.join("npm"))
}

/// Packs `package` with `npm pack`, installs the tarball into fresh projects, type-checks
/// strict TypeScript (and React, Preact, Solid JSX) uses of it, builds a page that imports
/// it with Vite, webpack and Parcel, and checks in headless Chromium that each page's badge
/// shows the fixture's incident (tests/npm/), the Vite one from its dev server too.
pub fn test_package(package: &Path) -> Result<()> {
    tools::npm_packages()?;
    let root = root();
    let fixtures = root.join("tests/npm");
    let work = root.join("target/npm-test");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;

    step("npm pack (dist/npm)");
    let packed =
        tools::output(Command::new("npm").args(["pack", "--silent", "--pack-destination"]).arg(&work).arg(package))
            .context("npm pack failed")?;
    let tarball = work.join(packed.lines().last().unwrap_or_default().trim());
    if !tarball.is_file() {
        bail!("npm pack did not write a tarball (it printed {packed:?})");
    }

    // A fresh project, target/npm-test/app: the package comes from the tarball alone. The
    // tools (tsc, vite) and the React, Preact and Solid types are the pinned ones of
    // tests/package.json, found through the node_modules link of the folder above.
    let app = work.join("app");
    copy_dir(&fixtures.join("app"), &app)?;
    fs::write(
        app.join("package.json"),
        format!(
            "{{\n  \"name\": \"npm-package-test\",\n  \"private\": true,\n  \"type\": \"module\",\n  \
             \"dependencies\": {{ \"{NAME}\": \"file:../{}\" }}\n}}\n",
            tarball.file_name().unwrap_or_default().to_string_lossy()
        ),
    )?;
    fs::create_dir_all(app.join("public"))?;
    fs::copy(root.join("feed/tests/fixtures/minor_incident.json"), app.join("public/feed.json"))?;
    step(&format!("npm install {} into a fresh project", tarball.display()));
    exec(Command::new("npm").current_dir(&app).args(["install", "--no-audit", "--no-fund", "--offline"]))?;
    let node_modules = root.join("tests/node_modules");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&node_modules, work.join("node_modules")).context("linking tests/node_modules")?;

    step("tsc --strict: the element, its attributes and status-change (and JSX for React, Preact, Solid)");
    // Five programs, run side by side. The last one must fail: tests/npm/app/wrong.ts
    // sets a wrong appearance (the proof that the check can fail at all).
    let projects =
        ["tsconfig.json", "tsconfig.react.json", "tsconfig.preact.json", "tsconfig.solid.json", "tsconfig.wrong.json"];
    let checks = projects
        .map(|project| {
            Command::new(node_modules.join(".bin/tsc"))
                .current_dir(&app)
                .args(["--project", project])
                .stdout(Stdio::piped())
                .spawn()
                .context("running tsc")
        })
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    // Every child waited for before judging any.
    let outputs = checks.into_iter().map(|check| check.wait_with_output().context("running tsc")).collect::<Vec<_>>();
    for (project, out) in projects.iter().zip(outputs) {
        let out = out?;
        let said = String::from_utf8_lossy(&out.stdout);
        if *project == "tsconfig.wrong.json" {
            if out.status.success() || !said.contains("Argument of type '\"sidebar\"' is not assignable") {
                bail!("tsc did not reject appearance=\"sidebar\" in tests/npm/app/wrong.ts as expected: {said}");
            }
        } else if !out.status.success() {
            bail!("type check of tests/npm/app/{project} failed:\n{said}");
        }
    }

    step("vite build: a page that imports the package");
    exec(Command::new(node_modules.join(".bin/vite")).current_dir(&app).args(["build", "--logLevel", "warn"]))
        .context("vite build failed")?;
    let server = serve::start(app.join("dist"), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    step(&format!("the built Vite page in headless Chromium at {base}"));
    browser_test(&root, &base, "build", &app)?;

    // What a developer sees first: the same page from `vite` (dependency pre-bundling,
    // files served from node_modules).
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    step(&format!("the Vite dev server's page in headless Chromium at {base}"));
    let mut dev = Command::new(node_modules.join(".bin/vite"))
        .current_dir(&app)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--strictPort", "--logLevel", "warn"])
        .stdin(Stdio::null())
        .spawn()
        .context("starting the Vite dev server")?;
    let tested = listening(port).and_then(|()| browser_test(&root, &base, "dev", &app));
    let _ = dev.kill();
    let _ = dev.wait();
    tested?;

    // webpack 5 (and Next.js with webpack) runs each module inside a classic `<script>`
    // chunk, where the module entry once looked for its files beside that chunk.
    step("webpack 5: the same app, bundled");
    exec(Command::new("node").current_dir(root.join("tests")).arg("npm/webpack-build.js").arg(&app))
        .context("the webpack build failed")?;
    let server = serve::start(app.join("dist-webpack"), 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    step(&format!("the webpack page in headless Chromium at {base}"));
    browser_test(&root, &base, "webpack", &app)?;

    // Parcel 2 reads the same `new URL(…, import.meta.url)` and `import()` forms.
    step("Parcel 2: the same app, built");
    let parcel_dist = app.join("dist-parcel");
    exec(Command::new(node_modules.join(".bin/parcel")).current_dir(&app).args([
        "build",
        "index.html",
        "--dist-dir",
        "dist-parcel",
        "--no-cache",
        "--no-autoinstall",
        "--log-level",
        "warn",
    ]))
    .context("the Parcel build failed")?;
    fs::copy(app.join("public/feed.json"), parcel_dist.join("feed.json"))?;
    let server = serve::start(parcel_dist, 0)?;
    let base = format!("http://127.0.0.1:{}", server.port);
    step(&format!("the Parcel page in headless Chromium at {base}"));
    browser_test(&root, &base, "parcel", &app)
}

/// tests/npm/ against the app at `base`: built by Vite (`mode` = `build`), from its dev
/// server (`dev`), or bundled by webpack (`webpack`) or Parcel (`parcel`).
fn browser_test(root: &Path, base: &str, mode: &str, app: &Path) -> Result<()> {
    exec(
        Command::new("node")
            .current_dir(root.join("tests"))
            .args(["--test", "--test-concurrency=1", "npm/"])
            .env("BASE_URL", base)
            .env("VITE_MODE", mode)
            .env("APP_DIST", app.join("dist")),
    )
    .with_context(|| format!("npm package browser test ({mode}) failed"))
}

/// Waits up to 30 s for something to listen on 127.0.0.1:`port`.
fn listening(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the Vite dev server did not listen on 127.0.0.1:{port} within 30 s")
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
