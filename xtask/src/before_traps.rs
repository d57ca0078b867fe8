//! The work a function does just before it traps, left out: what is left of a panic's
//! message once its formatting was snipped.
//!
//! `wasm-snip` makes the panic functions a trap, but their callers still build the
//! message's arguments first: a `fmt::Argument` is a pointer and a formatter, and the
//! caller stores both to its stack frame, then calls the trap. wasm-opt inlines the trap
//! and keeps the stores (a trap does not undo them, and JS could read the memory after
//! it), so the formatter's slot in the function table stays named by live code, and
//! with it `<&str as Display>::fmt`, `Formatter::pad`, `<u32 as Display>::fmt`.
//!
//! Nothing reads that memory here: a trap is an exception out of the wasm, which the
//! bundle's glue turns into stopping every widget, and nothing calls into the instance
//! again (`guard`). So a run of instructions with no effect but on the wasm's own locals,
//! globals and memory (constants, arithmetic, loads, stores, `memory.fill`), straight
//! before an `unreachable` in the same block, is left out: the trap comes a few
//! instructions sooner, with the same outcome. A call, a branch or any other control
//! instruction ends a run, so only work that would certainly have trapped goes.
//! Validation allows it: `unreachable` drops whatever is left on the operand stack.

use anyhow::Result;
use wasmparser::{BinaryReader, FunctionBody};

use crate::trim::{leb, rewrite_functions};

const UNREACHABLE: u8 = 0x00;

/// `module` with each run of [`without_side_effects`] instructions straight before an
/// `unreachable` left out, and how many instructions went.
pub fn without_work_before_traps(module: &[u8]) -> Result<(Vec<u8>, usize)> {
    let mut removed = 0;
    let rewritten = rewrite_functions(module, |_, body| {
        let (body, gone) = without_runs_before_traps(body)?;
        removed += gone;
        Some(body)
    })?;
    Ok((rewritten, removed))
}

/// One function's body (its locals, then its code) without those runs, and how many
/// instructions went.
fn without_runs_before_traps(body: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut operators = FunctionBody::new(BinaryReader::new(body, 0)).get_operators_reader().ok()?;
    let mut starts = Vec::new();
    while !operators.eof() {
        let (_, offset) = operators.read_with_offset().ok()?;
        starts.push(usize::try_from(offset).ok()?);
    }
    let code_start = *starts.first()?;
    let mut out = body[..code_start].to_vec();
    let (mut run_start, mut removed) = (None, 0);
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(body.len());
        let instruction = &body[start..end];
        if instruction[0] == UNREACHABLE {
            if let Some(run) = run_start.take() {
                // Everything since `run` was only kept in `out` in case no trap followed.
                out.truncate(out.len() - (start - starts[run]));
                removed += i - run;
            }
        } else if without_side_effects(instruction) {
            run_start.get_or_insert(i);
        } else {
            run_start = None;
        }
        out.extend_from_slice(instruction);
    }
    Some((out, removed))
}

/// Whether an instruction (its bytes) acts only on the wasm's own locals, globals,
/// memory and operand stack, and then goes on to the next instruction (or traps):
/// `nop`, `drop`, `select`, `local.*`, `global.*`, loads, stores, `memory.size`,
/// constants, the numeric instructions, and `memory.copy` and `memory.fill`.
fn without_side_effects(instruction: &[u8]) -> bool {
    match instruction[0] {
        0x01 | 0x1a..=0x1c | 0x20..=0x24 | 0x28..=0x3f | 0x41..=0xc4 => true,
        // The saturating truncations (0 to 7), `memory.copy` (10), `memory.fill` (11).
        0xfc => {
            let mut at = 1;
            leb(instruction, &mut at).is_some_and(|op| op <= 7 || op == 10 || op == 11)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without_work(wat: &str) -> (String, usize) {
        let module = wat::parse_str(wat).expect("valid wat");
        let (rewritten, removed) = without_work_before_traps(&module).expect("rewritten");
        wasmparser::validate(&rewritten).expect("still a valid module");
        (wasmprinter::print_bytes(&rewritten).expect("printable"), removed)
    }

    #[test]
    fn stores_straight_before_a_trap_go() {
        let (printed, removed) = without_work(
            r#"(module (memory 1) (global $sp (mut i32) (i32.const 1024))
                (func $panic (param i64) (local i32)
                    (global.set $sp (local.tee 1 (i32.sub (global.get $sp) (i32.const 16))))
                    (i64.store (local.get 1) (i64.or (i64.extend_i32_u (local.get 1)) (local.get 0)))
                    unreachable))"#,
        );
        assert_eq!(removed, 11, "{printed}");
        assert!(!printed.contains("i64.store") && !printed.contains("global.set"), "{printed}");
        assert!(printed.contains("unreachable"), "{printed}");
    }

    #[test]
    fn a_call_or_a_branch_ends_the_run() {
        let (printed, removed) = without_work(
            r#"(module (import "host" "warn" (func $warn (param i32))) (memory 1)
                (func (param i32)
                    (i32.store (i32.const 8) (i32.const 1))
                    (call $warn (local.get 0))
                    (i32.store (i32.const 16) (i32.const 2))
                    unreachable)
                (func (param i32)
                    (block (br_if 0 (local.get 0)) (i32.store (i32.const 24) (i32.const 3)) unreachable)
                    (i32.store (i32.const 32) (i32.const 4))))"#,
        );
        // Only the second store of the first function and the store in the block go;
        // the first store, the call, the branch and the last store stay.
        assert_eq!(removed, 6, "{printed}");
        for kept in ["i32.const 8", "call $warn", "br_if 0", "i32.const 32"] {
            assert!(printed.contains(kept), "{kept} went: {printed}");
        }
        for gone in ["i32.const 16", "i32.const 24"] {
            assert!(!printed.contains(gone), "{gone} stayed: {printed}");
        }
    }

    #[test]
    fn code_that_does_not_trap_stays_as_it_was() {
        let wat = r#"(module (memory 1)
            (func (param i32) (result i32)
                (if (local.get 0) (then (i32.store (i32.const 8) (local.get 0))))
                (i32.load (i32.const 8))))"#;
        let module = wat::parse_str(wat).expect("valid wat");
        let (rewritten, removed) = without_work_before_traps(&module).expect("rewritten");
        assert_eq!((rewritten, removed), (module, 0));
    }
}
