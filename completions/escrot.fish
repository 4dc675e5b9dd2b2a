# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_escrot_global_optspecs
    string join \n v/verbose q/quiet color= store= org= h/help V/version
end

function __fish_escrot_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_escrot_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_escrot_using_subcommand
    set -l cmd (__fish_escrot_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c escrot -n "__fish_escrot_needs_command" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_needs_command" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_needs_command" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_needs_command" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_needs_command" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_needs_command" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_needs_command" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "init" -d 'Create an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "ls" -d 'List environments'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "get" -d 'Show an environment\'s definition or its statically checked values'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "open" -d 'Open an environment and print its values'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "run" -d 'Open an environment and run a command with its variables and files'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "set" -d 'Set a value in an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "rm" -d 'Remove an environment, or a value from one'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "edit" -d 'Edit an environment\'s definition in an editor'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "diff" -d 'Show the differences between two revisions'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "version" -d 'Revisions of an environment: list them, or restore one'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "rotate" -d 'Rotate the secrets of an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "rotation" -d 'The rotation log of an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "schedule" -d 'Rotation schedules: when `escrot rotate --due` rotates an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "webhook" -d 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "check" -d 'Validate environments statically, for CI'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "store" -d 'Manage the store itself: migrate its schema, copy it to another store, its key'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "jwks" -d 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot\'s requests with'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand init" -s f -l file -d 'Read the definition from this YAML file (`-` for standard input)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand init" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand init" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand init" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand init" -l if-not-exists -d 'Succeed without changing anything when the environment already exists (for scripts)'
complete -c escrot -n "__fish_escrot_using_subcommand init" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand init" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand init" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand ls" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand ls" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand ls" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand ls" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand ls" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand ls" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand get" -l value -d 'Print only the value, in this format' -r -f -a "json\t'JSON, indented'
yaml\t'YAML'
dotenv\t'`NAME="value"` lines from `environmentVariables`'
shell\t'`export NAME="value"` lines from `environmentVariables`'
string\t'The value as a plain string'"
complete -c escrot -n "__fish_escrot_using_subcommand get" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand get" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand get" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand get" -l definition -d 'Print only the YAML definition (of the whole environment, or of the sub-tree at PATH)'
complete -c escrot -n "__fish_escrot_using_subcommand get" -l show-secrets -d 'Print secret values in plaintext'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s f -l format -d 'The output format (`dotenv` and `shell` print the `environmentVariables`)' -r -f -a "json\t'JSON, indented'
yaml\t'YAML'
dotenv\t'`NAME="value"` lines from `environmentVariables`'
shell\t'`export NAME="value"` lines from `environmentVariables`'
string\t'The value as a plain string'"
complete -c escrot -n "__fish_escrot_using_subcommand open" -l oidc-token-file -d 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions\' token service)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand open" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand open" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand open" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand open" -l show-secrets -d 'Print secret values in plaintext'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand run" -l oidc-token-file -d 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions\' token service)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand run" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand run" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand run" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand run" -s i -l interactive -d 'The command is interactive: give it the terminal, without filtering secrets from its output'
complete -c escrot -n "__fish_escrot_using_subcommand run" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand run" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand run" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand set" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand set" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand set" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand set" -l secret -d 'Store the value as a secret (`fn::secret`, encrypted with the store key)'
complete -c escrot -n "__fish_escrot_using_subcommand set" -l string -d 'Take VALUE as a string as it is, without reading it as YAML'
complete -c escrot -n "__fish_escrot_using_subcommand set" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand set" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand set" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand rm" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rm" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rm" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rm" -s y -l yes -d 'Remove the environment without asking'
complete -c escrot -n "__fish_escrot_using_subcommand rm" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand rm" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand rm" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand edit" -l editor -d 'The editor command to run (the file name is appended) [default: $VISUAL, $EDITOR, vi]' -r
complete -c escrot -n "__fish_escrot_using_subcommand edit" -l resume -d 'Go on with an edit that could not be saved, from the file escrot kept it in (it is saved onto the revision it was made on, and the file is removed once saved)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand edit" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand edit" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand edit" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand edit" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand edit" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand edit" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand diff" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand diff" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand diff" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand diff" -l show-secrets -d 'Show secret values in plaintext'
complete -c escrot -n "__fish_escrot_using_subcommand diff" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand diff" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand diff" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -f -a "history" -d 'List the revisions of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -f -a "rollback" -d 'Restore an older revision of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -f -a "tag" -d 'Name a revision with a tag, list the tags, or remove one'
complete -c escrot -n "__fish_escrot_using_subcommand version; and not __fish_seen_subcommand_from history rollback tag help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -s o -l output -d 'How to print the revisions' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -l include-rotation-state -d 'Restore the old `fn::rotate` states too (their credentials may already be retired)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -l list -d 'List the environment\'s tags'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -l delete -d 'Remove the tag'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from tag" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the revisions of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Restore an older revision of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from help" -f -a "tag" -d 'Name a revision with a tag, list the tags, or remove one'
complete -c escrot -n "__fish_escrot_using_subcommand version; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l file -d 'Rotate the environment in this YAML file (written back in place) instead of the store' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s o -l output -d 'How to print the result' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l concurrency -d 'How many rotators run at once (with --due, also how many schedules)' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l lock-timeout -d 'How long to wait for another rotation of the same environment (or file) to finish before giving up with exit status 1 (`30s`, `10m`, `1h`, or seconds)' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l limit -d 'With --due: rotate at most N schedules in this run' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l lease -d 'With --due: how long a claimed schedule stays this runner\'s without it renewing its claim (it renews every third of that while a rotation runs); a runner that dies is taken over after it (ESCROT_LEASE) [default: 15m]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l oidc-token-file -d 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions\' token service)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l dry-run -d 'Show the plan and the state diff; change nothing'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l show-secrets -d 'Show secret values in the dry-run diff'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l due -d 'Rotate what the schedules say is due now (`escrot schedule`), instead of NAME; run it every minute or so. Any number of runners may share a store: each due occurrence is rotated by exactly one'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -f -a "history" -d 'List the rotations of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and not __fish_seen_subcommand_from history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -s o -l output -d 'How to print the log' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the rotations of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand rotation; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "new" -d 'Create a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "ls" -d 'List rotation schedules'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "list" -d 'List rotation schedules'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "get" -d 'Show a rotation schedule: its recurrence, next due time, last run and failures'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "edit" -d 'Change a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "pause" -d 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "resume" -d 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "rm" -d 'Remove a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "remove" -d 'Remove a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "history" -d 'The runs of an environment\'s schedules, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and not __fish_seen_subcommand_from new ls list get edit pause resume rm remove history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l cron -d 'A cron pattern in the standard 5-field dialect: minute hour day-of-month month day-of-week (`0 3 * * *`, `*/30 * * * 1-5`), read in --tz' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l every -d 'A fixed interval, counted from when the schedule is set (`30m`, `12h`, `7d`, `1h30m`; at least 1m)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l once -d 'Once, at this RFC 3339 time in the future (`2026-01-02T03:04:05Z`, `…+02:00`)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l window -d 'How late an occurrence may still start (`15m`, `1h`); later, it is missed [default: no limit]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l tz -d 'The IANA time zone the cron pattern is read in (`Europe/Berlin`) [default: UTC]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s o -l output -d 'How to print the schedules' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l count -d 'Show at most N (all if 0 or unset)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -l utc -d 'Show times in UTC: they always are; accepted for scripts written for `esc`'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print the schedules' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -l count -d 'Show at most N (all if 0 or unset)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -l utc -d 'Show times in UTC: they always are; accepted for scripts written for `esc`'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -s o -l output -d 'How to print the schedule' -r -f -a "text\t'One field per line'
json\t'A JSON object (with the fields of `schedule ls --output json`)'"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l cron -d 'A new cron pattern (5 fields), read in --tz' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l every -d 'A new fixed interval (`30m`, `12h`, `7d`), counted from now' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l once -d 'A new one-off time (RFC 3339, in the future)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l window -d 'How late an occurrence may still start' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l tz -d 'The IANA time zone the cron pattern is read in' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l all-paths -d 'Rotate every `fn::rotate` of the environment'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -l no-window -d 'Let occurrences start however late'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Remove it without asking'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Remove it without asking'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -s o -l output -d 'How to print the runs' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -l count -d 'Show at most N (all if 0 or unset)' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -l utc -d 'Show times in UTC: they always are; accepted for scripts written for `esc`'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List rotation schedules'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a rotation schedule: its recurrence, next due time, last run and failures'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "history" -d 'The runs of an environment\'s schedules, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand schedule; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "new" -d 'Create a webhook'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "ls" -d 'List webhooks'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "list" -d 'List webhooks'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "get" -d 'Show a webhook (never its secret)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "rm" -d 'Remove a webhook and its deliveries'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "remove" -d 'Remove a webhook and its deliveries'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "ping" -d 'Send a webhook a `ping` event now'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "deliveries" -d 'List a webhook\'s deliveries, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and not __fish_seen_subcommand_from new ls list get rm remove ping deliveries help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l url -d 'Where events are POSTed' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l format -d 'How events are sent' -r -f -a "raw\t'escrot\'s JSON event, signed (`X-Escrot-Signature`)'
slack\t'A message for a Slack incoming webhook (`{"text": …}`)'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l event -d 'The events to send, comma-separated: rotation-succeeded, rotation-failed, revision-created [default: all three]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -s o -l output -d 'How to print the new webhook' -r -f -a "text\t'One field per line'
json\t'A JSON object (with the fields of `schedule ls --output json`)'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l secret-from-stdin -d 'Read the signing secret from standard input (its first line) instead of making one'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -l show-secrets -d 'Print the secret escrot makes (without --secret-from-stdin, it is shown only with this flag, and only now)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -s o -l output -d 'How to print the webhooks' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print the webhooks' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -s o -l output -d 'How to print the webhook' -r -f -a "text\t'One field per line'
json\t'A JSON object (with the fields of `schedule ls --output json`)'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation (needed when standard input is not a terminal)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (needed when standard input is not a terminal)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from ping" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s o -l output -d 'How to print the deliveries' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l count -d 'Show at most N (all if 0 or unset)' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -l utc -d 'Show times in UTC: they always are; accepted for scripts written for `esc`'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from deliveries" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create a webhook'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List webhooks'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a webhook (never its secret)'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a webhook and its deliveries'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "ping" -d 'Send a webhook a `ping` event now'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "deliveries" -d 'List a webhook\'s deliveries, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s f -l format -d 'How to print diagnostics' -r -f -a "text\t'`file:line:col: error: summary` and the source line, underlined'
json\t'A JSON array of diagnostics'
github\t'GitHub Actions workflow commands (`::error file=…,line=…::summary`)'"
complete -c escrot -n "__fish_escrot_using_subcommand check" -l oidc-token-file -d 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions\' token service)' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand check" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand check" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand check" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand check" -l live -d 'Also check each rotator against its cloud, changing nothing (for aws-iam: the login works, the user exists and has room for a new key)'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -f -a "migrate" -d 'Apply the store\'s schema migrations and print its schema version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -f -a "copy" -d 'Copy every environment, with its history, to another store'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -f -a "key" -d 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
complete -c escrot -n "__fish_escrot_using_subcommand store; and not __fish_seen_subcommand_from migrate copy key help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -l from -d 'The store to copy: `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE`' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -l to -d 'The store to copy into (empty, or not created yet)' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -f -a "wrap" -d 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Rotate the wrapping key (--kms ARN) or the data key (no flag)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -f -a "status" -d 'Show where the store key comes from'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from key" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply the store\'s schema migrations and print its schema version'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy every environment, with its history, to another store'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "key" -d 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
complete -c escrot -n "__fish_escrot_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -f -a "ls" -d 'List the signing keys: kid, state (current or retired), when created and retired'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -f -a "list" -d 'List the signing keys: kid, state (current or retired), when created and retired'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -f -a "rotate" -d 'Make a new current signing key; the old one stays in the JWKS, retired'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -f -a "drop" -d 'Remove a retired signing key from the JWKS'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and not __fish_seen_subcommand_from ls list rotate drop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -s o -l output -d 'How to print the list' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print the list' -r -f -a "table\t'A table'
json\t'A JSON array'"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -l store -d 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from drop" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the signing keys: kid, state (current or retired), when created and retired'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Make a new current signing key; the old one stays in the JWKS, retired'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Remove a retired signing key from the JWKS'
complete -c escrot -n "__fish_escrot_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "init" -d 'Create an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "ls" -d 'List environments'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "get" -d 'Show an environment\'s definition or its statically checked values'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "open" -d 'Open an environment and print its values'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "run" -d 'Open an environment and run a command with its variables and files'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "set" -d 'Set a value in an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "rm" -d 'Remove an environment, or a value from one'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "edit" -d 'Edit an environment\'s definition in an editor'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "diff" -d 'Show the differences between two revisions'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "version" -d 'Revisions of an environment: list them, or restore one'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "rotate" -d 'Rotate the secrets of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "rotation" -d 'The rotation log of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "schedule" -d 'Rotation schedules: when `escrot rotate --due` rotates an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "webhook" -d 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "check" -d 'Validate environments statically, for CI'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "completion" -d 'Print a shell completion script'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "store" -d 'Manage the store itself: migrate its schema, copy it to another store, its key'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "jwks" -d 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot\'s requests with'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from init ls get open run set rm edit diff version rotate rotation schedule webhook check completion store jwks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from version" -f -a "history" -d 'List the revisions of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from version" -f -a "rollback" -d 'Restore an older revision of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from version" -f -a "tag" -d 'Name a revision with a tag, list the tags, or remove one'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from rotation" -f -a "history" -d 'List the rotations of an environment, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "new" -d 'Create a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "ls" -d 'List rotation schedules'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "get" -d 'Show a rotation schedule: its recurrence, next due time, last run and failures'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "edit" -d 'Change a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "pause" -d 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "resume" -d 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "rm" -d 'Remove a rotation schedule'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from schedule" -f -a "history" -d 'The runs of an environment\'s schedules, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "new" -d 'Create a webhook'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "ls" -d 'List webhooks'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "get" -d 'Show a webhook (never its secret)'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "rm" -d 'Remove a webhook and its deliveries'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "ping" -d 'Send a webhook a `ping` event now'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "deliveries" -d 'List a webhook\'s deliveries, newest first'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "migrate" -d 'Apply the store\'s schema migrations and print its schema version'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "copy" -d 'Copy every environment, with its history, to another store'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "key" -d 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "ls" -d 'List the signing keys: kid, state (current or retired), when created and retired'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "rotate" -d 'Make a new current signing key; the old one stays in the JWKS, retired'
complete -c escrot -n "__fish_escrot_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "drop" -d 'Remove a retired signing key from the JWKS'
