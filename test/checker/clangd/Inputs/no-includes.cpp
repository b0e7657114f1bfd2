// No includes: just enough for clangd to build a compile command.
int answer() { return 42; }
