#!/usr/bin/env bash
# Where a proxy's CPU and allocations go, by group, from a JFR recording of bench/load.sh --jfr:
# each CPU sample (jdk.ExecutionSample) and each allocation sample (jdk.ObjectAllocationSample,
# weighted by its bytes) is put in one group (server request parse, servlet layer, Gatehouse's
# stages, header work, client send, client response, relay to the client, hand-offs, ...), then the
# top allocation sites and the GC pauses. With REQUESTS (the requests the target served while
# recording) it also prints bytes allocated per request.
#
#   bench/jfr-groups.sh gatehouse.jfr [REQUESTS]
#
# How a sample is grouped: its frames are read from the top (the running method) down; the first
# frame that matches a "strong" rule below decides; when none does, the first frame matching a
# "weak" rule (the outer loops: selector, thread pool, connection) decides; else "other". So a
# sample in HashMap.get under RouteTable.match counts for routing, one in HttpGenerator under
# HttpSenderOverHTTP for the client send, one in HttpGenerator under the server's SendCallback for
# the relay to the client. The servlet API's header and request accessors are weak, so reading
# the client's headers while copying them counts as header work. Lock code (java.util.concurrent.locks,
# Jetty's AutoLock: acquiring, releasing, waking a waiter with LockSupport.unpark) counts for the
# code that took the lock, and is also shown apart as a column. JFR samples Java code only:
# system calls (socket reads and writes, epoll) run in native state and are not in these shares,
# nor are the GC and JIT threads (the GC pauses are listed apart). See bench/README.md.
set -euo pipefail
file=${1:?usage: jfr-groups.sh FILE.jfr [REQUESTS]}
requests=${2:-0}
cpu=$(mktemp)
alloc=$(mktemp)
trap 'rm -f "$cpu" "$alloc"' EXIT
jfr print --stack-depth 128 --events jdk.ExecutionSample "$file" >"$cpu"
jfr print --stack-depth 128 --events jdk.ObjectAllocationSample "$file" >"$alloc"

# The rules: strength, group, regular expression on a frame ("class.method(args)"), tried in order.
rules() {
    cat <<'EOF'
S	header work	^io\.gatehouse\.proxy\.jetty\.(UpstreamRequestHeaders|ClientResponseHeaders)
S	header work	^io\.gatehouse\.proxy\.forward\.(ProxyHeaders|ResponseHeaderRule|LocationRewriter)
S	header work	^io\.gatehouse\.proxy\.http\.(HopByHop|HeaderValues)
S	header work	^io\.gatehouse\.bench\.MinimalForwarder(\$Relay)?\.(copyRequestHeaders|copyResponseHeaders|hopByHop|connectionTokens)
S	GH routing	^io\.gatehouse\.proxy\.routing\.
S	GH edge, access	^io\.gatehouse\.proxy\.(EdgeGuard|IdentifiedRequest|EdgeConfig)
S	GH edge, access	^io\.gatehouse\.proxy\.(access|rules)\.
S	GH rate limit	^io\.gatehouse\.proxy\.ratelimit\.
S	GH cache lookup	^io\.gatehouse\.proxy\.cache\.
S	GH cache lookup	^io\.gatehouse\.proxy\.jetty\.(CachedResponses|PurgeRequests)
S	GH balancer, failover	^io\.gatehouse\.proxy\.(balancing|resilience|health|split)\.
S	GH timeouts (scheduler)	^io\.gatehouse\.proxy\.jetty\.UpstreamTimeouts
S	GH engine (decide, plan)	^io\.gatehouse\.proxy\.(ProxyEngine|Decision|Route|UpstreamGroup|Upstream|ProxyConfig)[.$]
S	GH engine (decide, plan)	^io\.gatehouse\.proxy\.forward\.
S	GH engine (decide, plan)	^io\.gatehouse\.proxy\.jetty\.ServletRequestView
S	GH engine (decide, plan)	^io\.gatehouse\.proxy\.[A-Za-z]+[.$]
S	logging checks	^org\.slf4j\.
S	relay to client	^io\.gatehouse\.proxy\.jetty\.(ClientWriter|ResponseRelay\.onContent|GzipBodyWriter)
S	relay to client	^io\.gatehouse\.bench\.MinimalForwarder\$Relay\.onContent
S	relay to client	^org\.eclipse\.jetty\.ee10\.servlet\.HttpOutput
S	relay to client	^org\.eclipse\.jetty\.server\.internal\.HttpChannelState\$ChannelResponse\.write
S	relay to client	^org\.eclipse\.jetty\.server\.internal\.HttpConnection\$(SendCallback|HttpStreamOverHTTP1\.send)
S	relay to client	^org\.eclipse\.jetty\.server\.Response\.write
S	GH exchange adapter	^io\.gatehouse\.proxy\.jetty\.
S	minimal handler	^io\.gatehouse\.bench\.MinimalForwarder
W	servlet layer	^org\.eclipse\.jetty\.ee10\.servlet\.(ServletApiRequest|ServletApiResponse|ServletContextRequest|ServletContextResponse)\.(get|set|add|is|contains)
S	servlet layer	^org\.eclipse\.jetty\.ee10\.
S	servlet layer	^jakarta\.servlet\.
S	thread dispatch (wake a pool thread)	^org\.eclipse\.jetty\.util\.thread\.(QueuedThreadPool\.(execute|tryExecute)|ReservedThreadExecutor)
S	timeouts (scheduler)	^java\.util\.concurrent\.ScheduledThreadPoolExecutor
S	timeouts (scheduler)	^org\.eclipse\.jetty\.util\.thread\.ScheduledExecutorScheduler
S	timeouts (scheduler)	^org\.eclipse\.jetty\.io\.CyclicTimeouts
S	client response	^org\.eclipse\.jetty\.client\.(transport\.(internal\.)?)?(HttpReceiver|HttpReceiverOverHTTP|ResponseListeners|HttpResponse|Response\$)
S	client response	^org\.eclipse\.jetty\.client\.transport\.internal\.(HttpChannelOverHTTP\.(receive|exchangeTerminated|release)|HttpConnectionOverHTTP\.(onFillable|release)|HttpConnectionOverHTTP\$FillableCallback)
S	client response	^org\.eclipse\.jetty\.client\.Response\$
S	client send	^org\.eclipse\.jetty\.client\.(transport\.(internal\.)?)?(HttpSender|HttpSenderOverHTTP|HttpRequest|HttpDestination|HttpConversation|ProxyConfiguration|[A-Za-z]*ConnectionPool|Origin|HttpClientTransportOverHTTP)[.$]
S	client send	^org\.eclipse\.jetty\.client\.HttpClient\.
S	client send	^org\.eclipse\.jetty\.client\.transport\.(internal\.)?(HttpConnection|HttpConnectionOverHTTP(\$Delegate)?|HttpChannel|HttpChannelOverHTTP)\.(send|normalizeRequest|newHttpRequest|acquire)
S	client send	^org\.eclipse\.jetty\.client\.transport\.HttpExchange\.(<init>|request)
W	client (exchange state, other)	^org\.eclipse\.jetty\.client\.
S	server request parse	^org\.eclipse\.jetty\.server\.internal\.HttpConnection\.(parseRequestBuffer|fillRequestBuffer|parseAndFillForContent)
S	server request parse	^org\.eclipse\.jetty\.server\.internal\.HttpConnection\$(RequestHandler|HttpStreamOverHTTP1\.(headerComplete|parsedHeader|startRequest|content|messageComplete|<init>))
S	server request parse	^org\.eclipse\.jetty\.server\.internal\.HttpChannelState\.onRequest
S	server request parse	^org\.eclipse\.jetty\.server\.internal\.HttpChannelState\$ChannelRequest\.<init>
W	server connection, completion	^org\.eclipse\.jetty\.server\.
W	selector, endpoint	^org\.eclipse\.jetty\.io\.
W	thread pool loop	^org\.eclipse\.jetty\.util\.thread\.
EOF
}

# classify: reads "jfr print" output; prints "group<TAB>weight<TAB>objectClass<TAB>site" per event
# (weight 1 for CPU samples; the allocation's bytes for allocation samples).
classify() {
    awk -F'\t' -v rules_file=<(rules) '
    BEGIN {
        while ((getline line < rules_file) > 0) {
            split(line, r, "\t"); n++; strength[n] = r[1]; group[n] = r[2]; re[n] = r[3]
        }
    }
    function bytes(s,    v, u) {
        v = s + 0; u = s; sub(/^[0-9.]+ */, "", u)
        if (u == "kB") v *= 1024; else if (u == "MB") v *= 1048576; else if (u == "GB") v *= 1073741824
        return v
    }
    function flush(    g, i, j, f, weak) {
        if (!inev) return
        g = ""; weak = ""
        for (i = 1; i <= depth && g == ""; i++) {
            f = frame[i]
            for (j = 1; j <= n; j++) {
                if (f ~ re[j]) {
                    if (strength[j] == "S") g = group[j]
                    else if (weak == "") weak = group[j]
                    break
                }
            }
        }
        if (g == "") g = (weak != "") ? weak : "other"
        site = ""
        for (i = 1; i <= depth; i++) if (frame[i] !~ /^(java|jdk|sun)\./) { site = frame[i]; break }
        if (site == "") site = frame[1]
        locked = 0
        for (i = 1; i <= depth; i++) {
            if (frame[i] ~ /^java\.util\.concurrent\.locks\.|^org\.eclipse\.jetty\.util\.thread\.AutoLock/) { locked = 1; break }
            if (frame[i] !~ /^(java|jdk|sun)\./) break
        }
        printf "%s\t%s\t%s\t%s\t%d\n", g, (weight == "" ? 1 : weight), cls, site, locked
        inev = 0
    }
    /^jdk\.(ExecutionSample|ObjectAllocationSample) \{/ { flush(); inev = 1; depth = 0; weight = ""; cls = ""; instack = 0; next }
    inev && /^  objectClass = / { cls = $0; sub(/^  objectClass = /, "", cls); sub(/ \(classLoader.*$/, "", cls); next }
    inev && /^  weight = / { w = $0; sub(/^  weight = /, "", w); weight = bytes(w); next }
    inev && /stackTrace = \[/ { instack = 1; next }
    inev && instack && /^[ \t]*\]/ { instack = 0; next }
    inev && instack && /^[ \t]*\.\.\./ { next }
    inev && instack { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); sub(/[ \t]+$/, "", f); frame[++depth] = f; next }
    END { flush() }' "$1"
}

classify "$cpu" | awk -F'\t' '
    { n++; g[$1]++; if ($5) { l[$1]++; locked++ } }
    END {
        printf "CPU samples by group (%d jdk.ExecutionSample, Java code only; last column: share of all samples in lock code):\n", n
        for (k in g) printf "%7d %5.1f%%  %-45s %5.1f%%\n", g[k], 100 * g[k] / n, k, 100 * l[k] / n | "sort -rn"
        close("sort -rn")
        printf "%7d %5.1f%%  %-45s\n", locked, 100 * locked / n, "(in lock code, all groups)"
    }'

classify "$alloc" | awk -F'\t' -v requests="$requests" '
    function mib(b) { return sprintf("%.1f MiB", b / 1048576) }
    { total += $2; g[$1] += $2; site[$3 " @ " $4] += $2 }
    END {
        printf "\nallocations by group (jdk.ObjectAllocationSample weights: %s in all", mib(total)
        if (requests > 0) printf ", %.0f bytes per request over %d requests", total / requests, requests
        printf "):\n"
        for (k in g) printf "%6.1f%%  %10.0f  %s\n", 100 * g[k] / total, (requests > 0 ? g[k] / requests : g[k]), k | "sort -rn"
        close("sort -rn")
        printf "  (second column: %s)\n", (requests > 0 ? "bytes per request" : "bytes")
        printf "\ntop allocation sites (class @ first frame outside java.*, jdk.*, sun.*):\n"
        for (k in site) printf "%6.1f%%  %10.0f  %s\n", 100 * site[k] / total, (requests > 0 ? site[k] / requests : site[k]), k | "sort -rn | head -n 25"
        close("sort -rn | head -n 25")
    }'

jfr print --events jdk.GarbageCollection "$file" | awk -v requests="$requests" '
    function ms(s,    v, u) { v = s + 0; u = s; sub(/^[0-9.]+ */, "", u); if (u == "s") v *= 1000; else if (u == "us") v /= 1000; else if (u == "ns") v /= 1000000; return v }
    /^jdk.GarbageCollection/ { n++ }
    /^  name = / { name = $3 }
    /^  cause = / { cause = $0; sub(/^  cause = /, "", cause); gsub(/"/, "", cause) }
    /^  sumOfPauses = / { p = ms($3 " " $4)
        if (cause ~ /Metadata GC Threshold|System.gc|Heap Dump|JFR/) { skipped++; skipped_ms += p } else { count[name]++; pause[name] += p; all += p } }
    END {
        printf "\nGC pauses during the recording (ParallelGC stops every Java thread; its worker threads use the cores meanwhile):\n"
        for (k in count) printf "  %-20s %4d pauses, %8.1f ms\n", k, count[k], pause[k]
        if (requests > 0 && all > 0) printf "  %.2f µs of pause per request\n", all * 1000 / requests
        if (skipped > 0) printf "  (left out: %d pauses, %.1f ms, caused by JFR start-up or metadata)\n", skipped, skipped_ms
    }'
