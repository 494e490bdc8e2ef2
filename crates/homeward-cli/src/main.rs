//! The `homeward` binary. Thin: parses flags, opens the store, hands over to the library crates.

fn main() {
    println!("homeward {}", env!("CARGO_PKG_VERSION"));
}
