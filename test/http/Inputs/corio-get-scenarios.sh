#!/bin/sh
# The scenarios of corio-get-downloads-safely.test. Usage:
#   corio-get-scenarios.sh CORIO_GET WORKDIR HTTP BAD HTTPS CA
get=$1 dir=$2 http=$3 bad=$4 https=$5 ca=$6
cd "$dir" || exit 1
# Progress lines go to stderr: keep only the table (stdout) in the log.
run() { "$get" --progress none "$@"; echo "exit=$?"; }

echo "== many"
: > list
for i in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19; do echo "$http/many/f0$i.txt" >> list; done
printf '# a comment, then a blank line\n\n%s/dir/\n' "$http" >> list
run -j 8 -o many -i list
echo "files=$(ls many | wc -l) index=$(cat many/index.html)"
echo "parts=$(ls -A many | grep -c part)"

echo "== names"
mkdir -p names/out
run -o names/out "$bad/any/..%2F..%2Fescape.txt" "$bad/any/%2e%2e%2f%2e%2e%2fetc%2fpasswd" "$bad/any/.."
echo "outside=$(ls names | grep -v '^out$' || echo none)"
echo "names: $(ls names/out | tr '\n' ' ')"

echo "== existing"
mkdir -p keep && echo precious > keep/hello.txt
run -o keep "$http/hello.txt"
echo "content=$(cat keep/hello.txt)"
run -o keep --force "$http/hello.txt"
echo "content=$(cat keep/hello.txt)"

echo "== failures"
run -o fail -r 2 --retry-delay 10 "$http/nope.txt" "$bad/truncated" "$bad/status/503" \
  "$bad/to?u=ftp://127.0.0.1/x" "ftp://127.0.0.1/y" "$http/many/f050.txt"
echo "files: $(ls fail | tr '\n' ' ')"
echo "parts=$(ls -A fail | grep -c part)"

echo "== timeout"
start=$(date +%s)
run -o slow -t 0.5 -r 0 "$bad/stall"
end=$(date +%s)
[ $((end - start)) -le 3 ] && echo "fast=yes" || echo "fast=no"

echo "== https"
run -o tls --cacert "$ca" "$https/hello.txt" "$http/redirect-to-https"

echo "== duplicate"
run -o dup "$http/hello.txt" "$http/../hello.txt"
