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
complete -c escrot -n "__fish_escrot_needs_command" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_needs_command" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_needs_command" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_needs_command" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_needs_command" -s h -l help -d 'Print help'
complete -c escrot -n "__fish_escrot_needs_command" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "check" -d 'Validate environment files statically, for CI'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "open" -d 'Open an environment and print its values'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "get" -d 'Show an environment\'s definition or its statically checked values'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "rotate" -d 'Rotate the secrets of an environment'
complete -c escrot -n "__fish_escrot_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s f -l format -d 'How to print diagnostics' -r -f -a "text\t'`file:line:col: error: summary` and the source line, underlined'
json\t'A JSON array of diagnostics'
github\t'GitHub Actions workflow commands (`::error file=…,line=…::summary`)'"
complete -c escrot -n "__fish_escrot_using_subcommand check" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand check" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand check" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand check" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand check" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s f -l format -d 'The output format (`dotenv` and `shell` print the `environmentVariables`)' -r -f -a "json\t'JSON, indented'
yaml\t'YAML'
dotenv\t'`NAME="value"` lines from `environmentVariables`'
shell\t'`export NAME="value"` lines from `environmentVariables`'
string\t'The value as a plain string'"
complete -c escrot -n "__fish_escrot_using_subcommand open" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand open" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand open" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand open" -l show-secrets -d 'Print secret values in plaintext'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand open" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand get" -l value -d 'Print only the value, in this format' -r -f -a "json\t'JSON, indented'
yaml\t'YAML'
dotenv\t'`NAME="value"` lines from `environmentVariables`'
shell\t'`export NAME="value"` lines from `environmentVariables`'
string\t'The value as a plain string'"
complete -c escrot -n "__fish_escrot_using_subcommand get" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand get" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand get" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand get" -l definition -d 'Print only the YAML definition (of the whole file, or of the sub-tree at PATH)'
complete -c escrot -n "__fish_escrot_using_subcommand get" -l show-secrets -d 'Print secret values in plaintext'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand get" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand completion" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand completion" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l file -d 'Rotate the environment in this YAML file (written back in place) instead of the store' -r -F
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s o -l output -d 'How to print the result' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l concurrency -d 'How many rotators run at once' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l color -d 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l store -d 'Where environments live: `sqlite:PATH` [default: the user\'s data directory]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l org -d 'The organization of environment names given as `project/env` [default: `default`]' -r
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l dry-run -d 'Show the plan and the state diff; change nothing'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -l show-secrets -d 'Show secret values in the dry-run diff'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s v -l verbose -d 'Print more about what escrot does (to stderr); repeat for more'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s q -l quiet -d 'Print only data and errors: no summaries, notes or warnings'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c escrot -n "__fish_escrot_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "check" -d 'Validate environment files statically, for CI'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "open" -d 'Open an environment and print its values'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "get" -d 'Show an environment\'s definition or its statically checked values'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "completion" -d 'Print a shell completion script'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "rotate" -d 'Rotate the secrets of an environment'
complete -c escrot -n "__fish_escrot_using_subcommand help; and not __fish_seen_subcommand_from check open get completion rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
