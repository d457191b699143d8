package dev.airlock.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which texts run in the long-lived shell itself (they change only its state) and which in a sandbox. */
class ShellStateOnlyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cd src|true",
        "cd src && export X=1|true",
        "x=1 y=two|true",
        "f() { rm -rf build; }|true",
        "set -euo pipefail; shopt -s nullglob|true",
        "{ cd a; umask 022; }|true",
        "exit 3|true",
        "printf() { :; }|false",
        "builtin() { :; }|false",
        "__airlock_vars() { :; }|false",
        "ls|false",
        "cd src && ls|false",
        "x=$(ls)|false",
        "x=`id`|false",
        "export X=\"$HOME\"|false",
        "let 'a[$(touch p)]=1'|false",
        "declare -i n; n='a[1]'|false",
        "echo hi > file|false",
        "cd src &|false",
        "source env.sh|false",
        "eval x=1|false",
        "hash -p /tmp/x git|false",
        "enable -f ./x.so x|false",
        "trap 'rm -rf x' EXIT|false",
        "builtin cd x|false",
        "(cd x)|false",
        "if true; then cd x; fi|false",
        "echo 'unterminated|false",
    })
    void decides(String text, boolean stateOnly) {
        assertEquals(stateOnly, ShellStateOnly.test(text), text);
    }
}
