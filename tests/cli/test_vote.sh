#!/usr/bin/env bash
# normsim vote and normsim backtest votes end to end: output shape, probabilities that
# sum to one, the members forecast, every error path with exit code 2, the backtest's
# done-when criterion (the model with the tally beats both baselines on A/RES/73/27 and
# A/RES/73/266, each left out), and the figures written with --plot.
set -u
: "${NORMSIM:?}"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected exit code, command...
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, want $want"
        cat "$tmp/err"
        fail=1
    fi
}

# A recorded roll call: its 179 voters, header, votes from {yes,abstain,no}, and
# probabilities summing to 1.
check resolution 0 "$NORMSIM" vote --resolution A/RES/73/27 --format csv
[ "$(head -1 "$tmp/out")" = "iso3,vote,p_yes,p_abstain,p_no" ] || { echo "FAIL header"; fail=1; }
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 179 ] || { echo "FAIL 73/27 rows"; fail=1; }
awk -F, 'NR > 1 { s = $3 + $4 + $5; if (s < 0.999 || s > 1.001) bad = 1;
                  if ($2 != "yes" && $2 != "abstain" && $2 != "no") bad = 1 }
         END { exit bad }' "$tmp/out" || { echo "FAIL probabilities or votes"; fail=1; }

# With the recorded tally, the expected counts equal it: sum of p_no = 46 (A/RES/73/27:
# 119 yes, 46 no, 14 abstain in unga_resolutions.csv).
check recorded_tally 0 "$NORMSIM" vote --resolution A/RES/73/27 --recorded-tally --format csv
awk -F, 'NR > 1 { y += $3; a += $4; n += $5 }
         END { exit !(y > 118.99 && y < 119.01 && a > 13.99 && a < 14.01 && n > 45.99 && n < 46.01) }' \
    "$tmp/out" || { echo "FAIL expected counts do not match the tally"; fail=1; }
# The United States votes no on the Russian-led text, Russia yes.
grep -q '^USA,no,' "$tmp/out" || { echo "FAIL USA not no"; fail=1; }
grep -q '^RUS,yes,' "$tmp/out" || { echo "FAIL RUS not yes"; fail=1; }

# A new text of a line: every member of 2018 (193), tally summing to 193.
check line 0 "$NORMSIM" vote --line developments --year 2018 --tally 120,50,23 --format csv
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 193 ] || { echo "FAIL 2018 members"; fail=1; }

# A tally as announced (issue 14): 129 + 6 + 45 = 180 of the 193 members of 2019; the 13
# others are absent, the states most often absent from the 8 recorded roll calls before
# 2019, ties broken by the share of the 2018 session's roll calls voted in
# (ideal_points.csv n_votes, of at most 95). Computed independently of the library from
# data/unga_votes.csv, unga_resolutions.csv, states.csv and ideal_points.csv (a short
# script): KIR, NRU 6/8; TCD, TON, SYC 5/8; KNA, GNQ, GMB 4/8; then at 3/8 SOM (29
# votes), COD and SWZ (57), RWA (68), GAB (70) before TUV (73), UGA (75) and AGO (81).
check tally_absent 0 "$NORMSIM" vote --line developments --year 2019 --tally 129,6,45 --format csv
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 193 ] || { echo "FAIL 2019 rows"; fail=1; }
[ "$(awk -F, '$2 == "absent" { printf "%s ", $1 }' "$tmp/out")" = \
  "COD GAB GMB GNQ KIR KNA NRU RWA SOM SWZ SYC TCD TON " ] ||
    { echo "FAIL absent states"; awk -F, '$2 == "absent"' "$tmp/out"; fail=1; }
awk -F, 'NR > 1 && $2 != "absent" { y += $3; a += $4; n += $5; k++ }
         END { exit !(k == 180 && y > 128.99 && y < 129.01 && a > 44.99 && a < 45.01 &&
                      n > 5.99 && n < 6.01) }' "$tmp/out" ||
    { echo "FAIL expected counts of the voters"; fail=1; }
# Who was absent, forecast from the roll calls before the year, against the record: 6 of
# the 14 absent from A/RES/73/27 and 15 of the 27 absent from A/RES/73/266 (chance: about
# 1 and 4), as docs/POSITIONS.md reports.
absent_hits() { # line year tally symbol
    "$NORMSIM" vote --line "$1" --year "$2" --tally "$3" --format csv |
        awk -F, '$2 == "absent" { print $1 }' | sort >"$tmp/pred"
    "$NORMSIM" data states --format csv | awk -F, -v y="$2" 'NR > 1 && $6 <= y { print $1 }' |
        sort >"$tmp/members"
    "$NORMSIM" data votes --resolution "$4" --format csv | cut -d, -f3 | tail -n +2 | sort >"$tmp/voted"
    comm -23 "$tmp/members" "$tmp/voted" | comm -12 - "$tmp/pred" | wc -l
}
[ "$(absent_hits developments 2018 119,46,14 A/RES/73/27)" -eq 6 ] || { echo "FAIL 73/27 absent"; fail=1; }
[ "$(absent_hits responsible_behaviour 2018 138,12,16 A/RES/73/266)" -eq 15 ] ||
    { echo "FAIL 73/266 absent"; fail=1; }
check tally_absent_table 0 "$NORMSIM" vote --line developments --year 2019 --tally 129,6,45
grep -q "13 absent" "$tmp/out" || { echo "FAIL title names the absent"; fail=1; }
# Four counts: the absent given, summing to the members.
check tally_four 0 "$NORMSIM" vote --line developments --year 2019 --tally 129,6,45,13 --format csv
[ "$(grep -c ',absent,' "$tmp/out")" -eq 13 ] || { echo "FAIL four counts"; fail=1; }

# Names as people type them (issue 14 item 7): short and lower-case symbols, a line in
# any case, and a miss that suggests the nearest of the right list.
check short_symbol 0 "$NORMSIM" vote --resolution 73/27 --format csv
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 179 ] || { echo "FAIL 73/27 short form"; fail=1; }
check lower_symbol 0 "$NORMSIM" vote --resolution a/res/73/266
grep -q "^A/RES/73/266, line responsible_behaviour" "$tmp/out" || { echo "FAIL symbol title"; fail=1; }
check line_case 0 "$NORMSIM" vote --line Developments --year 2019
check near_symbol 2 "$NORMSIM" vote --resolution 73/28
grep -q "did you mean.*A/RES/73/27" "$tmp/err" || { echo "FAIL resolution suggestion"; fail=1; }
check near_line 2 "$NORMSIM" vote --line developmnts --year 2019
grep -q "did you mean developments?" "$tmp/err" || { echo "FAIL line suggestion"; fail=1; }
check data_votes_short 0 "$NORMSIM" data votes --resolution 73/187 --format csv
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 186 ] || { echo "FAIL data votes 73/187"; fail=1; }
for who in chn China CHINA; do
    check "explain_$who" 0 "$NORMSIM" data positions --explain "$who" --year 2017
    grep -q "^Positions of CHN (China)" "$tmp/out" || { echo "FAIL explain $who"; fail=1; }
done
# Names people use for the UN's: an alias, a name before its parenthesis, a word's start.
for who in UK "south korea" Iran Syria Vietnam Turkey Tanzania; do
    check "explain_$who" 0 "$NORMSIM" data positions --explain "$who" --year 2017
done
grep -q "^Positions of TZA (United Republic of Tanzania)" "$tmp/out" || { echo "FAIL Tanzania"; fail=1; }
check explain_korea 2 "$NORMSIM" data positions --explain Korea --year 2017
grep -q "KOR (Republic of Korea) or PRK (Democratic People's Republic of Korea)" "$tmp/err" ||
    { echo "FAIL Korea is ambiguous"; cat "$tmp/err"; fail=1; }
check explain_near 2 "$NORMSIM" data positions --explain Chnia --year 2017
grep -q "did you mean CHN (China)" "$tmp/err" || { echo "FAIL state suggestion"; fail=1; }
check body_case 0 "$NORMSIM" negotiate --body gge5 --runs 2 --format csv
check body_near 2 "$NORMSIM" negotiate --body gge9
grep -q "did you mean GGE1" "$tmp/err" || { echo "FAIL body suggestion"; fail=1; }

# Error paths: exit code 2.
check unknown_line 2 "$NORMSIM" vote --line nope --year 2018
grep -q "unknown line 'nope'" "$tmp/err" || { echo "FAIL unknown line message"; fail=1; }
check bad_tally 2 "$NORMSIM" vote --line developments --year 2018 --tally 150,50,40
grep -q "more than the 193" "$tmp/err" || { echo "FAIL tally message"; fail=1; }
check bad_tally4 2 "$NORMSIM" vote --line developments --year 2018 --tally 100,50,40,2
grep -q "2 absent = 192, but 193" "$tmp/err" || { echo "FAIL 4-count tally message"; fail=1; }
check tally5 2 "$NORMSIM" vote --line developments --year 2018 --tally 1,2,3,4,5
check year_before 2 "$NORMSIM" vote --line developments --year 1997
check year_after 2 "$NORMSIM" vote --line developments --year 2020
check unknown_resolution 2 "$NORMSIM" vote --resolution A/RES/1/1
check malformed_tally 2 "$NORMSIM" vote --line developments --year 2018 --tally 1,2
check no_target 2 "$NORMSIM" vote
check line_without_year 2 "$NORMSIM" vote --line developments
check recorded_without_resolution 2 "$NORMSIM" vote --line developments --year 2018 --recorded-tally
check backtest_what 2 "$NORMSIM" backtest
check backtest_table 2 "$NORMSIM" backtest votes --table nope
check help_vote 0 "$NORMSIM" help vote
check help_backtest 0 "$NORMSIM" help backtest

# The backtest: one row per recorded roll call (9), and the done-when criterion.
check backtest 0 "$NORMSIM" backtest votes --format csv
[ "$(tail -n +2 "$tmp/out" | wc -l)" -eq 9 ] || { echo "FAIL backtest rows"; fail=1; }
for r in A/RES/73/27 A/RES/73/266; do
    awk -F, -v r="$r" '$1 == r { found = 1; if (!($5 > $7 && $5 > $8)) bad = 1 }
                       END { exit !(found && !bad) }' "$tmp/out" ||
        { echo "FAIL model_tally does not beat both baselines on $r"; grep "$r," "$tmp/out"; fail=1; }
done
# The sponsor rule (docs/RECORD.md 9) beside the others: its columns, the forward rule
# on 73/27 equal to the model without it (no roll call before 73/27 has a competing
# draft, so q_fwd is 0), two fitted shares printed beside every score.
check backtest_sponsors 0 "$NORMSIM" backtest votes --format csv
head -1 "$tmp/out" | grep -q ",sponsors_fwd,sponsors_loo,competing,q_fwd,r_fwd,q_loo,r_loo,rule_params$" ||
    { echo "FAIL sponsor columns"; head -1 "$tmp/out"; fail=1; }
awk -F, '$1 == "A/RES/73/27" { found = 1; if ($11 != $6 || $13 != "yes" || $14 != "0.000") bad = 1 }
         NR > 1 && $18 != 2 { bad = 1 }
         END { exit !(found && !bad) }' "$tmp/out" ||
    { echo "FAIL sponsor rule on 73/27"; grep "73/27," "$tmp/out"; fail=1; }
# normsim vote with the rule: the title names its shares; bad keys and values exit 2.
check vote_sponsors 0 "$NORMSIM" vote --resolution A/RES/73/266 --param sponsors=1
# The title wraps at 100 columns: read its lines joined.
head -5 "$tmp/out" | tr '\n' ' ' | grep -q "sponsor rule q = 0.973, r = 1.000" ||
    { echo "FAIL vote sponsors title"; head -3 "$tmp/out"; fail=1; }
check vote_param_unknown 2 "$NORMSIM" vote --resolution A/RES/73/266 --param sponsor=1
grep -q "did you mean 'sponsors'" "$tmp/err" || { echo "FAIL unknown param message"; fail=1; }
check vote_param_range 2 "$NORMSIM" vote --resolution A/RES/73/266 --param sponsors=2
check vote_param_malformed 2 "$NORMSIM" vote --resolution A/RES/73/266 --param sponsors

# Confusion matrices: 9 cells per method and roll call, counts summing to the voters.
check confusion 0 "$NORMSIM" backtest votes --table confusion --format csv
awk -F, '$1 == "A/RES/73/27" && $2 == "majority" { n++; s += $5 } END { exit !(n == 9 && s == 179) }' \
    "$tmp/out" || { echo "FAIL confusion of 73/27"; fail=1; }

# normsim data positions (wired by cli/cmd_data.c; skipped until it is).
if "$NORMSIM" data positions --year 2017 --format csv >"$tmp/pos" 2>/dev/null; then
    [ "$(head -1 "$tmp/pos")" = "iso3,year,dimension,position,sd,salience" ] ||
        { echo "FAIL positions header"; fail=1; }
    # 193 members in 2017, nine dimensions each.
    [ "$(tail -n +2 "$tmp/pos" | wc -l)" -eq $((193 * 9)) ] || { echo "FAIL positions rows"; fail=1; }
    awk -F, 'NR > 1 && ($4 < 0 || $4 > 100 || $5 <= 0 || $6 < 0 || $6 > 1) { bad = 1 } END { exit bad }' \
        "$tmp/pos" || { echo "FAIL positions out of range"; fail=1; }
    check explain 0 "$NORMSIM" data positions --explain USA --year 2017
    grep -q "session 71 (2016)" "$tmp/out" || { echo "FAIL explain: lagged session"; fail=1; }
    check explain_chn 0 "$NORMSIM" data positions --explain CHN --year 2017
    grep -q "Eastern camp: 0" "$tmp/out" || { echo "FAIL explain: CHN camp"; fail=1; }
    check positions_1997 2 "$NORMSIM" data positions --year 1997
    check positions_2020 2 "$NORMSIM" data positions --year 2020
    check positions_dim 2 "$NORMSIM" data positions --dimension nope
    check positions_state 2 "$NORMSIM" data positions --explain XXX --year 2017
else
    echo "skip: normsim data positions is not wired yet"
fi

# Figures (skipped without gnuplot).
if command -v gnuplot >/dev/null 2>&1; then
    check plot 0 "$NORMSIM" backtest votes --plot "$tmp/fig"
    for ext in svg png csv gp; do
        [ -s "$tmp/fig/votes-73-27.$ext" ] || { echo "FAIL figure votes-73-27.$ext"; fail=1; }
    done
    grep -q 'EOD' "$tmp/fig/votes-73-27.gp" || { echo "FAIL no datablock"; fail=1; }
    check plot_unwritable 1 "$NORMSIM" backtest votes --plot /proc/normsim-no-such-dir
fi
exit $fail
