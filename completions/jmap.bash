# bash completion for jmap, the journey-map compiler.
# Installed as $(DATADIR)/bash-completion/completions/jmap; to try it
# without installing: . completions/jmap.bash

# The journey file already on the command line (first *.yaml/*.yml word).
_jmap_journey_file()
{
    local w
    for w in "${COMP_WORDS[@]:2}"; do
        case $w in
            *.yaml | *.yml)
                [[ -f $w ]] && { printf '%s\n' "$w"; return; } ;;
        esac
    done
}

# Files with one of the given extensions, and folders, matching $cur.
_jmap_files()
{
    local e
    for e in "$@"; do
        compgen -f -X "!*.$e" -- "$cur"
    done
    compgen -d -- "$cur"
}

_jmap()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -s || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="build check report diff list init serve"
    local lanes="storyboard touchpoints doing thinking emotions pains opportunities channels kpis owners frontstage backstage support systems"

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    local cmd=${words[1]}
    case $prev in
        -o | --output)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(_jmap_files pdf svg png html pptx json)
            return ;;
        -f | --format)
            if [[ $cmd == report || $cmd == diff ]]; then
                COMPREPLY=($(compgen -W "text md json" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "pdf svg png html pptx json" -- "$cur"))
            fi
            return ;;
        -p | --persona)
            local file
            file=$(_jmap_journey_file)
            [[ -n $file ]] &&
                COMPREPLY=($(compgen -W "$("${words[0]}" list personas "$file" 2>/dev/null)" -- "$cur"))
            return ;;
        --lanes)
            # comma-separated: complete the last item, keep what precedes it
            local prefix="" last=$cur
            if [[ $cur == *,* ]]; then
                prefix=${cur%,*},
                last=${cur##*,}
            fi
            COMPREPLY=($(compgen -P "$prefix" -W "$lanes" -- "$last"))
            compopt -o nospace 2>/dev/null
            return ;;
        --page)
            COMPREPLY=($(compgen -W "auto a4 a3 a2 a1 a0 letter tabloid slide" -- "$cur"))
            return ;;
        --state)
            COMPREPLY=($(compgen -W "current future" -- "$cur"))
            return ;;
        --scale | --dpi)
            return ;;
        --data | --kpis)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(_jmap_files csv tsv txt)
            return ;;
        --data-sep)
            COMPREPLY=($(compgen -W ", ; tab" -- "$cur"))
            return ;;
        --theme | --data-map)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(_jmap_files yaml yml)
            return ;;
        -t | --template)
            COMPREPLY=($(compgen -W "b2b saas cyclic blueprint" -- "$cur"))
            return ;;
        -l | --locale)
            COMPREPLY=($(compgen -W "en fr" -- "$cur"))
            return ;;
    esac

    local opts
    case $cmd in
        build) opts="-o --output -f --format -p --persona --each-persona --report-page --data --data-sep --data-map --kpis --lanes --page
                     --scale --dpi --theme --compare --state --embed-fonts -w --watch -j --jobs -q --quiet --safe --help" ;;
        check) opts="-q --quiet --safe --help" ;;
        report) opts="-f --format -p --persona --data --data-sep --data-map --kpis --strict -q --quiet --safe --help" ;;
        diff) opts="-f --format -q --quiet --safe --help" ;;
        list) opts="--names -q --quiet --safe --help" ;;
        serve) opts="--port --host -q --quiet --safe --help" ;;
        init) opts="-t --template -l --locale --schema --help" ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ $cmd == list ]]; then
        # the kind comes first, then the file
        local i n=0
        for ((i = 2; i < cword; i++)); do
            [[ ${words[i]} != -* ]] && n=$((n + 1))
        done
        if ((n == 0)); then
            COMPREPLY=($(compgen -W "personas stages touchpoints channels" -- "$cur"))
            return
        fi
    fi
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(_jmap_files yaml yml)
} &&
    complete -F _jmap jmap
