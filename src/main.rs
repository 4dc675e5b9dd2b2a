fn main() {
    std::process::exit(escrot::cli::run());
}
