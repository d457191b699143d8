package dev.airlock.policy;

import dev.airlock.sandbox.Profile;

/**
 * A policy's `sandbox` section. {@code unknown}: the profile in which a program no rule knows runs
 * without a question where a sandbox can be had (null: it asks). {@code require}: with no usable
 * sandbox, every allow asks instead (null: the layer says nothing).
 */
public record SandboxSettings(Profile unknown, Boolean require) {
    public static final SandboxSettings NONE = new SandboxSettings(null, null);
}
