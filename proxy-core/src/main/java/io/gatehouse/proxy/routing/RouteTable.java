package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled routes: finds the route for a request without scanning every route.
 *
 * <p>Prefix and exact routes live in a trie keyed by literal path segments; template routes in
 * a second trie with a variable edge per node. A lookup walks the request's segments once
 * (plus the variable branches of the template trie) and looks at the routes attached to the
 * nodes on its way, which are kept sorted by {@link RouteOrder rank}, so the cost follows the
 * depth of the path, not the number of routes.
 *
 * <p>Immutable and safe for concurrent lookups.
 *
 * @param <R> the type of the routes (the configuration's {@code Route})
 */
public final class RouteTable<R extends Routable> {

    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final LiteralNode literalRoot = new LiteralNode();
    private final TemplateNode templateRoot = new TemplateNode();
    private final boolean hasTemplates;
    private final List<R> routesInOrder;

    private RouteTable(List<R> routes) {
        List<R> ranked = RouteOrder.sort(routes);
        this.routesInOrder = List.copyOf(ranked);
        boolean templates = false;
        Map<Slot, List<Entry>> byNode = new LinkedHashMap<>();
        for (int rank = 0; rank < ranked.size(); rank++) {
            R route = ranked.get(rank);
            Entry entry = new Entry(route, rank);
            PathPattern path = route.path();
            switch (path.kind()) {
                case PREFIX -> byNode.computeIfAbsent(new Slot(literalNode(path), 'p'), k -> new ArrayList<>()).add(entry);
                case EXACT -> byNode.computeIfAbsent(new Slot(literalNode(path), 'e'), k -> new ArrayList<>()).add(entry);
                case TEMPLATE -> {
                    templates = true;
                    List<String> segments = path.segments();
                    boolean catchAll = !segments.isEmpty() && PathPattern.isCatchAll(segments.get(segments.size() - 1));
                    TemplateNode node = templateNode(catchAll ? segments.subList(0, segments.size() - 1) : segments);
                    byNode.computeIfAbsent(new Slot(node, catchAll ? 'c' : 't'), k -> new ArrayList<>()).add(entry);
                }
            }
        }
        this.hasTemplates = templates;
        // entries were added in rank order, so each array is sorted by rank
        byNode.forEach((slot, entries) -> slot.assign(entries.toArray(NO_ENTRIES)));
    }

    /** Compiles the routes. The order of the list is the tie-breaker of last resort. */
    public static <R extends Routable> RouteTable<R> compile(List<R> routes) {
        return new RouteTable<>(routes);
    }

    /** The routes in the order they are tried (see {@link RouteOrder}). */
    public List<R> routesInOrder() {
        return routesInOrder;
    }

    /** Finds the route for a request, or null when none matches. */
    public RouteMatch<R> match(RequestView request) {
        String path = request.path();
        int count = PathSegments.count(path);
        int[] starts = new int[count];
        PathSegments.starts(path, starts);
        Best best = new Best();

        LiteralNode node = literalRoot;
        best.consider(node.prefix, request, 0, null, 0, -1);
        int depth = 0;
        while (depth < count && node.children != null) {
            node = node.children.get(PathSegments.segment(path, starts, count, depth));
            if (node == null) {
                break;
            }
            depth++;
            best.consider(node.prefix, request, prefixEnd(path, starts, count, depth), null, 0, -1);
        }
        if (node != null && depth == count) {
            best.consider(node.exact, request, 0, null, 0, -1);
        }
        if (hasTemplates) {
            matchTemplates(templateRoot, path, starts, count, 0, new int[count], 0, best, request);
        }
        return best.toMatch(path, starts, count);
    }

    private static int prefixEnd(String path, int[] starts, int count, int depth) {
        return depth < count ? starts[depth] - 1 : path.length();
    }

    private void matchTemplates(TemplateNode node, String path, int[] starts, int count, int index,
                                int[] captures, int captured, Best best, RequestView request) {
        best.consider(node.catchAll, request, 0, captures, captured, index);
        if (index == count) {
            best.consider(node.end, request, 0, captures, captured, -1);
            return;
        }
        if (node.children != null) {
            TemplateNode child = node.children.get(PathSegments.segment(path, starts, count, index));
            if (child != null) {
                matchTemplates(child, path, starts, count, index + 1, captures, captured, best, request);
            }
        }
        if (node.variable != null) {
            captures[captured] = index;
            matchTemplates(node.variable, path, starts, count, index + 1, captures, captured + 1, best, request);
        }
    }

    private LiteralNode literalNode(PathPattern path) {
        LiteralNode node = literalRoot;
        for (String segment : path.segments()) {
            if (node.children == null) {
                node.children = new HashMap<>();
            }
            node = node.children.computeIfAbsent(segment, s -> new LiteralNode());
        }
        return node;
    }

    private TemplateNode templateNode(List<String> segments) {
        TemplateNode node = templateRoot;
        for (String segment : segments) {
            if (PathPattern.variableName(segment) != null) {
                if (node.variable == null) {
                    node.variable = new TemplateNode();
                }
                node = node.variable;
            } else {
                if (node.children == null) {
                    node.children = new HashMap<>();
                }
                node = node.children.computeIfAbsent(segment, s -> new TemplateNode());
            }
        }
        return node;
    }

    private static final class LiteralNode {
        Map<String, LiteralNode> children;
        Entry[] prefix = NO_ENTRIES;
        Entry[] exact = NO_ENTRIES;
    }

    private static final class TemplateNode {
        Map<String, TemplateNode> children;
        TemplateNode variable;
        Entry[] end = NO_ENTRIES;
        Entry[] catchAll = NO_ENTRIES;
    }

    /** Where a list of entries goes once every route is placed. */
    private record Slot(Object node, char kind) {
        void assign(Entry[] entries) {
            if (node instanceof LiteralNode literal) {
                if (kind == 'p') {
                    literal.prefix = entries;
                } else {
                    literal.exact = entries;
                }
            } else {
                TemplateNode template = (TemplateNode) node;
                if (kind == 'c') {
                    template.catchAll = entries;
                } else {
                    template.end = entries;
                }
            }
        }
    }

    /** A route placed in a trie, with its rank and its non-path conditions. */
    private static final class Entry {
        final Routable route;
        final int rank;
        final String[] variables;
        final RouteConditions conditions;

        Entry(Routable route, int rank) {
            this.route = route;
            this.rank = rank;
            this.variables = route.path().variables().toArray(new String[0]);
            this.conditions = new RouteConditions(route);
        }
    }

    /** The best match found so far in one lookup. */
    private static final class Best {
        Entry entry;
        int rank = Integer.MAX_VALUE;
        int prefixLength;
        int[] captures;
        int restStart = -1;

        void consider(Entry[] entries, RequestView request, int prefixLength, int[] captures, int captured, int restIndex) {
            for (Entry candidate : entries) {
                if (candidate.rank >= rank) {
                    return;
                }
                if (candidate.conditions.test(request)) {
                    entry = candidate;
                    rank = candidate.rank;
                    this.prefixLength = prefixLength;
                    this.captures = captures == null ? null : Arrays.copyOf(captures, captured);
                    this.restStart = restIndex;
                    return;
                }
            }
        }

        /** The match of the best entry; {@code R} is the type of every route the table was compiled from. */
        @SuppressWarnings("unchecked")
        <R extends Routable> RouteMatch<R> toMatch(String path, int[] starts, int count) {
            if (entry == null) {
                return null;
            }
            if (entry.variables.length == 0) {
                return new RouteMatch<>((R) entry.route, prefixLength, Map.of());
            }
            Map<String, String> values = new HashMap<>(entry.variables.length * 2);
            int n = captures == null ? 0 : captures.length;
            for (int i = 0; i < n; i++) {
                values.put(entry.variables[i], PathSegments.segment(path, starts, count, captures[i]));
            }
            if (restStart >= 0) {
                values.put(entry.variables[entry.variables.length - 1],
                        restStart < count ? path.substring(starts[restStart]) : "");
            }
            return new RouteMatch<>((R) entry.route, 0, Map.copyOf(values));
        }
    }
}
