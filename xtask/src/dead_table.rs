//! Functions that only the function table still holds, made a bare trap (which wasm-opt
//! then shrinks to nothing, with whatever only they called).
//!
//! A function whose address Rust took (a vtable's method, a closure's shim, a format
//! argument) sits in the table for `call_indirect`, and the table keeps it whether
//! or not anything can still reach it: wasm-opt cannot know which slots are read.
//! After snipping, zeroing the dead data and wasm-bindgen's own rewriting, many slots
//! are named by nothing: wasm-bindgen's old closure shims (the glue calls exported
//! adapters instead), vtables that were dead data, format arguments of snipped panics.
//! More turn up after wasm-opt, which drops what the snipped traps were handed: it runs
//! on wasm-opt's output too.
//!
//! A slot is dead when its index appears in no constant of any code (an `i32.const`,
//! half of an `i64.const`) and in no word of the data, and its function is not
//! exported, not the start function and not called or named (`ref.func`) directly.
//! Every such test errs towards keeping: any constant that equals the index keeps it.
//! A load's or store's offset does not count: it adds to an address, and a slot index
//! is never one (struct field offsets such as 228 kept four `Debug` implementations).

use std::collections::HashSet;

use anyhow::{Context, Result};
use wasmparser::{ElementItems, ElementKind, ExternalKind, Operator, Parser, Payload, TypeRef};

use crate::dead_data::{constants_in_code, words_in_data};
use crate::trim::{leb, push_leb, rewrite_section};

const CODE_SECTION: u8 = 10;

/// A function body of no locals, `unreachable` and `end`.
const TRAP: [u8; 3] = [0x00, 0x00, 0x0b];

/// `module` with the body of every function only the table holds replaced by
/// `unreachable`, and how many were not that already.
pub fn without_table_only_functions(module: &[u8]) -> Result<(Vec<u8>, usize)> {
    let constants = constants_in_code(module).context("reading the code")?;
    let words = words_in_data(module).context("reading the data")?;
    let named = |index: u32| {
        let index = index as usize;
        constants.binary_search(&index).is_ok() || words.binary_search(&index).is_ok()
    };
    let uses = Uses::of(module).context("reading the module")?;
    // A function in several slots stays if any of them is named.
    let in_a_named_slot: HashSet<u32> =
        uses.slots.iter().filter(|&&(slot, _)| named(slot)).map(|&(_, function)| function).collect();
    let mut dead: Vec<u32> = uses
        .slots
        .iter()
        .map(|&(_, function)| function)
        .filter(|function| !uses.kept.contains(function) && !in_a_named_slot.contains(function))
        .collect();
    dead.sort_unstable();
    dead.dedup();
    let first_defined = uses.imported;
    // Those already a bare trap (from an earlier pass) are not counted again.
    let mut snipped = 0;
    let rewritten = rewrite_section(module, CODE_SECTION, |body| {
        let mut at = 0;
        let count = leb(body, &mut at)?;
        let mut out = Vec::with_capacity(body.len());
        push_leb(&mut out, count);
        for position in 0..count {
            let size = leb(body, &mut at)?;
            let function = body.get(at..at + size)?;
            at += size;
            let index = first_defined + u32::try_from(position).ok()?;
            let function = if dead.binary_search(&index).is_ok() {
                snipped += usize::from(function != TRAP);
                &TRAP[..]
            } else {
                function
            };
            push_leb(&mut out, function.len());
            out.extend_from_slice(function);
        }
        (at == body.len()).then_some(out)
    })
    .context("rewriting the code section")?;
    Ok((rewritten, snipped))
}

/// What the module says about its functions.
#[derive(Default)]
struct Uses {
    /// How many functions are imported (defined ones are numbered after them).
    imported: u32,
    /// Each table slot filled by an active element segment: (slot, function).
    slots: Vec<(u32, u32)>,
    /// Functions reached other than through the table: exported, the start function,
    /// called or named by `ref.func` in some code.
    kept: HashSet<u32>,
}

impl Uses {
    fn of(module: &[u8]) -> Result<Uses> {
        let mut uses = Uses::default();
        for payload in Parser::new(0).parse_all(module) {
            match payload? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if matches!(import?.ty, TypeRef::Func(_)) {
                            uses.imported += 1;
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.kind == ExternalKind::Func {
                            uses.kept.insert(export.index);
                        }
                    }
                }
                Payload::StartSection { func, .. } => {
                    uses.kept.insert(func);
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        let ElementItems::Functions(functions) = element.items else { continue };
                        let ElementKind::Active { offset_expr, .. } = element.kind else {
                            // Passive or declared: its functions are reached some other way.
                            for function in functions {
                                uses.kept.insert(function?);
                            }
                            continue;
                        };
                        let Ok(Operator::I32Const { value }) = offset_expr.get_operators_reader().read() else {
                            anyhow::bail!("an element segment at an offset that is not a constant");
                        };
                        for (slot, function) in (value as u32..).zip(functions) {
                            uses.slots.push((slot, function?));
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    let mut operators = body.get_operators_reader()?;
                    while !operators.eof() {
                        match operators.read()? {
                            Operator::Call { function_index }
                            | Operator::ReturnCall { function_index }
                            | Operator::RefFunc { function_index } => {
                                uses.kept.insert(function_index);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(uses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each defined function's body as wasmparser reads it, as raw bytes.
    fn bodies(module: &[u8]) -> Vec<Vec<u8>> {
        Parser::new(0)
            .parse_all(module)
            .filter_map(|payload| match payload {
                Ok(Payload::CodeSectionEntry(body)) => Some(body.as_bytes().to_vec()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn only_functions_nothing_but_the_table_names_become_traps() {
        // Slots 1 to 7 hold $kept_by_const, $kept_by_data, $kept_by_export,
        // $kept_by_call, $dead, $also_dead and $kept_by_i64; $main names slot 1, calls
        // $kept_by_call, has 5 only as a load's offset and 7 as the high half of an
        // `i64.const`, and the data holds the number 2.
        let module = wat::parse_str(
            r#"(module
                (import "w" "f" (func $imported))
                (memory 1)
                (table 8 funcref)
                (func $main (drop (i32.const 1)) (call $kept_by_call)
                    (drop (i32.load offset=5 (i32.const 0))) (drop (i64.const 0x0000000700000000)))
                (func $kept_by_const (nop))
                (func $kept_by_data (nop))
                (func $kept_by_export (nop))
                (func $kept_by_call (nop))
                (func $dead (nop) (drop (i32.const 7)))
                (func $also_dead (nop))
                (func $kept_by_i64 (nop))
                (export "main" (func $main))
                (export "e" (func $kept_by_export))
                (elem (i32.const 1) func $kept_by_const $kept_by_data $kept_by_export $kept_by_call $dead $also_dead $kept_by_i64)
                (data (i32.const 0x1000) "\02\00\00\00"))"#,
        )
        .expect("valid wat");
        let (out, dead) = without_table_only_functions(&module).expect("rewritten");
        assert_eq!(dead, 2);
        let (before, after) = (bodies(&module), bodies(&out));
        assert_eq!(after[..5], before[..5], "main and the four kept ones are unchanged");
        assert_eq!(after[5..7], [TRAP.to_vec(), TRAP.to_vec()], "and reads back as two functions");
        assert_eq!(after[7], before[7], "the one an i64.const names stays");
        let (again, snipped) = without_table_only_functions(&out).expect("rewritten");
        assert_eq!((snipped, again), (0, out), "a second pass finds nothing new and counts none");
    }

    #[test]
    fn a_function_in_two_slots_stays_if_either_is_named() {
        let module = wat::parse_str(
            r#"(module (table 4 funcref) (func $main (drop (i32.const 2))) (func $f (nop))
                (export "main" (func $main)) (elem (i32.const 1) func $f $f))"#,
        )
        .expect("valid wat");
        let (out, dead) = without_table_only_functions(&module).expect("rewritten");
        assert_eq!((dead, out), (0, module));
    }
}
