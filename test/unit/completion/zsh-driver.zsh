# Drives zsh completion in a pseudo-terminal (zsh/zpty), for zsh.test.ts:
#   zsh -f zsh-driver.zsh FPATH_DIR OUT 'command line' ...
# For each command line: types it, presses a key bound to complete-word,
# and records every match that completion offers (compadd wrapped: the
# words it would add, as `compadd -O` gives them), then clears the line.
# Prints, for each line, "<<LINE>> line", the matches, "<<END>>".
zmodload zsh/zpty || exit 2
dir=$1 out=$2; shift 2
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D; LISTMAX=100000; zstyle ':completion:*' list-prompt ''"
zpty -w z "compadd() { if (( ! \${@[(I)-[OAD]*]} )); then local -a __m; builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> ${(q)out}; fi; builtin compadd \"\$@\"; }"
zpty -w z "_t() { zle complete-word; print -r -- '<<END>>' >> ${(q)out}; }; zle -N _t; bindkey '^T' _t"
for line in "$@"; do
  : >| $out
  zpty -w -n z "$line"$'\x14'
  for i in {1..200}; do
    grep -q '<<END>>' $out 2>/dev/null && break
    zpty -r -t z junk 2>/dev/null
    sleep 0.05
  done
  print -r -- "<<LINE>> $line"
  cat $out
  zpty -w -n z $'\x15'
done
zpty -d z
