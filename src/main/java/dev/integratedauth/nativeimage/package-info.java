/**
 * Native-image registrations the Azure SDK needs and does not ship itself (see azure-sdk-on-quarkus.md §6.2).
 * <p>
 * The classes here are only carriers of Quarkus annotations ({@code @RegisterForReflection},
 * {@code @RegisterForProxy}); nothing instantiates them. The registrations that have no annotation (run-time
 * initialisation, extra builder arguments, resources) are in the "Native image" block at the end of
 * {@code application.properties}. {@code NativeImageConfigIT} reads the generated native configuration and fails when
 * one of them goes missing.
 */
package dev.integratedauth.nativeimage;
