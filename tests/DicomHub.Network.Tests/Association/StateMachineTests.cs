using DicomHub.Network.Association;

namespace DicomHub.Network.Tests.Association;

public sealed class StateMachineTests
{
    [Fact]
    public void Requestor_walks_Sta1_to_Sta6_and_releases_back_to_Sta1()
    {
        var machine = new AssociationStateMachine(isRequestor: true);
        machine.Fire(AssociationEvent.AssociateRequestPrimitive);
        Assert.Equal(AssociationState.Sta4, machine.State);
        machine.Fire(AssociationEvent.TransportConnectConfirm);
        Assert.Equal(AssociationState.Sta5, machine.State);
        machine.Fire(AssociationEvent.AssociateAcReceived);
        Assert.Equal(AssociationState.Sta6, machine.State);
        machine.Fire(AssociationEvent.ReleaseRequestPrimitive);
        Assert.Equal(AssociationState.Sta7, machine.State);
        Assert.Equal(AssociationAction.Proceed, machine.Fire(AssociationEvent.DataReceived)); // AR-6
        Assert.Equal(AssociationAction.CloseTransport, machine.Fire(AssociationEvent.ReleaseRpReceived));
        Assert.Equal(AssociationState.Sta1, machine.State);
    }

    [Theory]
    [InlineData(true, AssociationState.Sta9, AssociationState.Sta11)]
    [InlineData(false, AssociationState.Sta10, AssociationState.Sta12)]
    public void Release_collision_follows_PS3_8_AR_8(bool isRequestor, AssociationState afterCollision, AssociationState next)
    {
        var (state, _) = AssociationStateMachine.Transition(AssociationState.Sta7, AssociationEvent.ReleaseRqReceived, isRequestor);
        Assert.Equal(afterCollision, state);

        var (following, _) = isRequestor
            ? AssociationStateMachine.Transition(state, AssociationEvent.ReleaseResponsePrimitive, isRequestor)
            : AssociationStateMachine.Transition(state, AssociationEvent.ReleaseRpReceived, isRequestor);
        Assert.Equal(next, following);

        var (last, _) = isRequestor
            ? AssociationStateMachine.Transition(following, AssociationEvent.ReleaseRpReceived, isRequestor)
            : AssociationStateMachine.Transition(following, AssociationEvent.ReleaseResponsePrimitive, isRequestor);
        Assert.Equal(isRequestor ? AssociationState.Sta1 : AssociationState.Sta13, last);
    }

    [Theory]
    [InlineData(AssociationState.Sta2, AssociationEvent.DataReceived)]
    [InlineData(AssociationState.Sta5, AssociationEvent.DataReceived)]
    [InlineData(AssociationState.Sta6, AssociationEvent.AssociateRqReceived)]
    [InlineData(AssociationState.Sta6, AssociationEvent.ReleaseRpReceived)]
    [InlineData(AssociationState.Sta8, AssociationEvent.DataReceived)]
    public void Unexpected_PDUs_lead_to_abort_and_Sta13(AssociationState state, AssociationEvent e)
    {
        Assert.Equal((AssociationState.Sta13, AssociationAction.SendAbort), AssociationStateMachine.Transition(state, e, isRequestor: false));
    }

    [Fact]
    public void PDUs_in_Sta13_are_ignored_and_ARTIM_expiry_closes()
    {
        Assert.Equal((AssociationState.Sta13, AssociationAction.Ignore), AssociationStateMachine.Transition(AssociationState.Sta13, AssociationEvent.DataReceived, false));
        Assert.Equal((AssociationState.Sta1, AssociationAction.CloseTransport), AssociationStateMachine.Transition(AssociationState.Sta2, AssociationEvent.ArtimExpired, false));
    }

    [Fact]
    public void Local_primitive_in_the_wrong_state_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => AssociationStateMachine.Transition(AssociationState.Sta1, AssociationEvent.DataPrimitive, true));
    }
}
