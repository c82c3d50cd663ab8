package dev.mosaic.domain.memory;

/**
 * How many of a user's insights have a vector of the active embedding model, and how many of the
 * previous one, while they are embedded anew after a change of model; and so which of the two a
 * search of theirs compares with. Vectors of the two models are never mixed in one search.
 *
 * @param insights the user's insights
 * @param active those with a vector of the active model
 * @param previous those with a vector of the previous model; 0 when there is none
 */
public record InsightCoverage(long insights, long active, long previous) {

    public enum Model { ACTIVE, PREVIOUS }

    /** A user whose insights all have a vector of the active model, however many they are. */
    public static final InsightCoverage COMPLETE = new InsightCoverage(0, 0, 0);

    /**
     * Which model's vectors a search compares with, and how many of the insights it can find.
     *
     * @param searchable the insights that have a vector of that model
     */
    public record SearchPlan(Model model, long searchable, long insights) {
        /** Whether some insights cannot be found by this search: they have no vector of its model yet. */
        public boolean partial() {
            return searchable < insights;
        }
    }

    public InsightCoverage {
        if (insights < 0 || active < 0 || previous < 0 || active > insights || previous > insights) {
            throw new IllegalArgumentException("a coverage counts from 0 up to the insights: " + active + " and "
                    + previous + " of " + insights);
        }
    }

    /** Whether every insight has a vector of the active model, so those of others can go. */
    public boolean complete() {
        return active == insights;
    }

    /**
     * The active model's vectors once they cover every insight, or cover at least as many as the
     * previous model's; until then the previous model's, when that model can still embed the query.
     * Without it, the active model's vectors that exist are searched, and the search is partial.
     *
     * @param previousAvailable whether a query can still be embedded with the previous model
     */
    public SearchPlan searchPlan(boolean previousAvailable) {
        if (previousAvailable && previous > active) {
            return new SearchPlan(Model.PREVIOUS, previous, insights);
        }
        return new SearchPlan(Model.ACTIVE, active, insights);
    }
}
