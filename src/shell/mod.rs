//! The shell: a command line -> argv (quotes, pipes, heredocs), builtins, virtual files.
