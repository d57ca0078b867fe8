// Must NOT type-check (tsconfig.wrong.json): `cargo xtask npm-test` fails unless tsc rejects
// this wrong appearance, naming it; the proof that the type check can fail at all.
import "status-widget-element";

document.createElement("status-widget").setAttribute("appearance", "sidebar");
