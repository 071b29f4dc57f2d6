// panic: a Rust panic on wasm32-wasi prints its message on stderr and
// aborts, which is a trap: wrr must exit 134 with a backtrace. Before it,
// a checked integer overflow in a nested call when asked ("overflow").
fn nested(depth: u32, what: &str) -> u32 {
    if depth == 0 {
        if what == "overflow" {
            let x: u32 = std::env::args().count() as u32 + u32::MAX - 2;
            return x.checked_mul(3).expect("multiplication overflowed");
        }
        panic!("deliberate panic at depth 0");
    }
    nested(depth - 1, what) + 1
}

fn main() {
    println!("start");
    let what = std::env::args().nth(1).unwrap_or_default();
    let v = nested(3, &what);
    println!("unreachable {}", v);
}
