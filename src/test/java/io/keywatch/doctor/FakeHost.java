package io.keywatch.doctor;

import io.keywatch.platform.HostFacts;
import java.util.List;

/** Host facts as a test sets them; by default a PC where nothing of Windows applies and nobody holds a port. */
final class FakeHost implements HostFacts {
    Fact<BjcaInstall> install = Fact.notApplicable();
    Fact<ComRegistration> com = Fact.notApplicable();
    Fact<ServiceStart> smartCard = Fact.notApplicable();
    Fact<Boolean> remote = Fact.notApplicable();
    Fact<List<PortOwner>> owners = Fact.of(List.of());
    Fact<Boolean> eventSource = Fact.notApplicable();
    int askedPort = -1;

    @Override
    public Fact<BjcaInstall> bjcaInstall() {
        return install;
    }

    @Override
    public Fact<ComRegistration> bjcaComRegistration() {
        return com;
    }

    @Override
    public Fact<ServiceStart> serviceStart(String service) {
        return "SCardSvr".equals(service) ? smartCard : Fact.unknown("not installed");
    }

    @Override
    public Fact<Boolean> remoteSession() {
        return remote;
    }

    @Override
    public Fact<List<PortOwner>> portOwners(int port) {
        askedPort = port;
        return owners;
    }

    @Override
    public Fact<Boolean> eventLogSourceRegistered() {
        return eventSource;
    }
}
