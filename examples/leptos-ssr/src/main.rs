//! The example's server: axum with leptos_axum, rendering every route of [`App`] and
//! serving the hydrate bundle and the feed from the site folder (`SITE_ROOT`, default
//! `target/examples/leptos-ssr`), on 127.0.0.1 at `PORT` (default 0: a free port, which
//! the first line of output names).

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use leptos_ssr_example::{shell, App};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let site_root = std::env::var("SITE_ROOT").unwrap_or_else(|_| "target/examples/leptos-ssr".to_owned());
    let port: u16 = std::env::var("PORT").ok().and_then(|port| port.parse().ok()).unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let options = LeptosOptions::builder()
        .output_name("leptos_ssr_example")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options);
    println!("listening on http://{addr}");
    axum::serve(listener, app.into_make_service()).await
}
