package dev.berth.scheduler.spec;

/** One thing wrong with a request: the JSON path of the field ({@code services.web.replicas}) and what is wrong. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
