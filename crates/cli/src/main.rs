fn main() {
    std::process::exit(escrot::run());
}
