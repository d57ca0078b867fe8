//! Bringing a live DOM tree in line with a freshly built one, touching only what
//! differs.
//!
//! The widget rebuilds its whole tree (a few dozen nodes) whenever anything changes,
//! then patches the live tree from it. Unchanged nodes stay the same nodes: the live
//! region is not re-announced every time "5 minutes ago" becomes "6 minutes ago",
//! the focused dismiss button keeps focus, and no framework is needed in the wasm.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// Makes `live` look like `fresh`: attributes of `live` itself, then its children.
/// `fresh` is taken apart: its new nodes move into `live`.
pub fn element(live: &Element, fresh: &Element) {
    attributes(live, fresh);
    children(live, fresh);
}

fn attributes(live: &Element, fresh: &Element) {
    for name in live.get_attribute_names().iter().filter_map(|name| name.as_string()) {
        if !fresh.has_attribute(&name) {
            let _ = live.remove_attribute(&name);
        }
    }
    for name in fresh.get_attribute_names().iter().filter_map(|name| name.as_string()) {
        let value = fresh.get_attribute(&name).unwrap_or_default();
        if live.get_attribute(&name).as_deref() != Some(value.as_str()) {
            let _ = live.set_attribute(&name, &value);
        }
    }
}

fn children(live: &Node, fresh: &Node) {
    let mut live_child = live.first_child();
    let mut fresh_child = fresh.first_child();
    while let Some(new) = fresh_child {
        fresh_child = new.next_sibling();
        match live_child {
            Some(old) if old.node_name() == new.node_name() => {
                match (old.dyn_ref::<Element>(), new.dyn_ref::<Element>()) {
                    (Some(old), Some(new)) => element(old, new),
                    _ if old.node_value() != new.node_value() => old.set_node_value(new.node_value().as_deref()),
                    _ => {}
                }
                live_child = old.next_sibling();
            }
            Some(old) => {
                let _ = live.replace_child(&new, &old);
                live_child = new.next_sibling();
            }
            None => {
                let _ = live.append_child(&new);
            }
        }
    }
    while let Some(old) = live_child {
        live_child = old.next_sibling();
        let _ = live.remove_child(&old);
    }
}
