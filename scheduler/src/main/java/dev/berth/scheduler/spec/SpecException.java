package dev.berth.scheduler.spec;

import dev.berth.scheduler.Problem;
import dev.berth.scheduler.SchedulerException;
import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be taken: every field at fault, each with what is wrong with it. The first is the field named. */
public final class SpecException extends SchedulerException {
    private final List<FieldError> errors;

    public SpecException(List<FieldError> errors) {
        super(Problem.INVALID_SPEC, errors.getFirst().field(),
                errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public static SpecException of(String field, String message) {
        return new SpecException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
