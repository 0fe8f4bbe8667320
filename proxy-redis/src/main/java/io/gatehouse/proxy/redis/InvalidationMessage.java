package io.gatehouse.proxy.redis;

import io.gatehouse.proxy.cache.Invalidation;

/**
 * The text of an invalidation on the Redis channel: {@code <origin> <K|P|A> <key>}, the
 * origin being the publishing instance's id (it ignores its own messages: it has already
 * applied them). Keys are cache keys (URIs), so they are text; a key may contain spaces, it is
 * the rest of the line.
 *
 * @param origin the id of the instance that made the invalidation
 * @param invalidation what it removed
 */
record InvalidationMessage(String origin, Invalidation invalidation) {

    String encode() {
        char scope = switch (invalidation.scope()) {
            case KEY -> 'K';
            case PREFIX -> 'P';
            case ALL -> 'A';
        };
        return origin + ' ' + scope + ' ' + invalidation.key();
    }

    /** The message, or null when the text is not one (another program's message on the channel). */
    static InvalidationMessage decode(String text) {
        int first = text.indexOf(' ');
        if (first <= 0 || text.length() < first + 3 || text.charAt(first + 2) != ' ') {
            return null;
        }
        String origin = text.substring(0, first);
        String key = text.substring(first + 3);
        return switch (text.charAt(first + 1)) {
            case 'K' -> new InvalidationMessage(origin, Invalidation.key(key));
            case 'P' -> new InvalidationMessage(origin, Invalidation.prefix(key));
            case 'A' -> key.isEmpty() ? new InvalidationMessage(origin, Invalidation.all()) : null;
            default -> null;
        };
    }
}
